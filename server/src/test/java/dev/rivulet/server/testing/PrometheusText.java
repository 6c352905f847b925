package dev.rivulet.server.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The samples of a Prometheus text exposition ({@code GET /metrics}), for assertions. */
public final class PrometheusText {
  /** One line: a series name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    /** Whether it has every label in {@code wanted} (pairs: name, value, name, value...). */
    boolean has(String... wanted) {
      for (int i = 0; i + 1 < wanted.length; i += 2) {
        if (!wanted[i + 1].equals(labels.get(wanted[i]))) return false;
      }
      return true;
    }
  }

  private final List<Sample> samples;
  private final String text;

  private PrometheusText(List<Sample> samples, String text) {
    this.samples = samples;
    this.text = text;
  }

  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      double value = Double.parseDouble(line.substring(space + 1).replace("+Inf", "Infinity"));
      Map<String, String> labels = new LinkedHashMap<>();
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      if (brace >= 0) {
        // name="value",name="value"  (values here never hold quotes or commas)
        for (String pair : series.substring(brace + 1, series.length() - 1).split(",")) {
          if (pair.isEmpty()) continue;
          int eq = pair.indexOf('=');
          labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
        }
      }
      samples.add(new Sample(name, labels, value));
    }
    return new PrometheusText(samples, text);
  }

  /** The samples of series {@code name} having the given labels (pairs: name, value...). */
  public List<Sample> all(String name, String... labels) {
    return samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
  }

  /** The value of the one sample of {@code name} with the given labels, if there is one. */
  public Optional<Double> value(String name, String... labels) {
    List<Sample> found = all(name, labels);
    if (found.size() > 1) {
      throw new AssertionError("more than one sample of " + name + " " + List.of(labels) + ": "
          + found);
    }
    return found.stream().findFirst().map(Sample::value);
  }

  /** The value, 0 when there is no such sample. */
  public double valueOrZero(String name, String... labels) {
    return value(name, labels).orElse(0.0);
  }

  /** The names of every series. */
  public List<String> names() {
    return samples.stream().map(Sample::name).distinct().toList();
  }

  @Override
  public String toString() {
    return text;
  }
}
