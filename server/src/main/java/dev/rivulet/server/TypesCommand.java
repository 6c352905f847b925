package dev.rivulet.server;

import dev.rivulet.actor.ActorBase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code rivulet types [--out <file>] [--actors <classes>]}: writes the TypeScript declaration of
 * the registry of the actors on the class path ({@link TypeScriptDeclaration}), for RivetKit's
 * own clients, to a file or to standard output.
 */
final class TypesCommand {
  private final PrintStream out;
  private final PrintStream err;

  TypesCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String usage() {
    return """
        Usage: rivulet types [options]

        Writes the TypeScript declaration of the actors' registry, for RivetKit's own
        clients: createClient<Registry>(...) from rivetkit/client and
        createRivetKit<Registry>(...) from @rivetkit/react then check action names,
        arguments, results and events against the Java classes. It covers every actor
        of the catalogs on the class path (as the launcher runs them) and those named
        with --actors.

        Options:
          --out FILE        write it to FILE (default: standard output)
          --actors CLASSES  more actor classes, comma-separated

        Use it as:  import type { Registry } from "./registry";
        """;
  }

  /** Runs the command; returns the process exit status. */
  int run(String[] args) {
    Path file = null;
    String actors = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--out" -> file = Path.of(value(args, ++i, "--out"));
          case "--actors" -> actors = value(args, ++i, "--actors");
          case "-h", "--help" -> {
            out.print(usage());
            return 0;
          }
          default -> {
            if (args[i].startsWith("--out=")) file = Path.of(args[i].substring(6));
            else if (args[i].startsWith("--actors=")) actors = args[i].substring(9);
            else throw new IllegalArgumentException("unexpected " + args[i]);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("rivulet types: " + e.getMessage());
      err.print(usage());
      return 2;
    }
    String declaration;
    List<Class<? extends ActorBase<?>>> classes;
    try {
      classes = RivuletMain.actorClasses(actors);
      if (classes.isEmpty()) {
        throw new IllegalArgumentException("no actor classes: no ActorCatalog on the class path "
            + "and none named with --actors");
      }
      declaration = TypeScriptDeclaration.of(classes);
    } catch (IllegalArgumentException e) {
      err.println("rivulet types: " + e.getMessage());
      return 2;
    }
    if (file == null) {
      out.print(declaration);
      return 0;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(file, declaration, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("rivulet types: cannot write " + file + ": " + e);
      return 1;
    }
    out.println("wrote the registry of " + classes.size() + " actor types to " + file);
    return 0;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
