package dev.rivulet.engine;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.StoredLog;
import dev.rivulet.actor.StoredMap;
import dev.rivulet.actor.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored collections: a log of notes (with retention), a map of tags, a map of pages (mutable
 * values), a log of drafts (mutable entries); and the ways to misuse them.
 */
@Actor("notebook")
public class TestNotebook extends ActorBase<TestNotebook.State> {
  /** How many notes were written, ever. */
  public record State(int written) {}

  public record Note(String text) {}

  /** A mutable value. */
  public static final class Page {
    public String title;
    public List<String> lines = new ArrayList<>();
  }

  private StoredLog<Note> kept;

  @Override
  protected State initialState() {
    return new State(0);
  }

  private StoredLog<Note> notes() {
    return storedLog("notes", Note.class);
  }

  private StoredMap<String> tags() {
    return storedMap("tags", String.class);
  }

  /** Appends a note, keeping the last {@code keep} (all when 0); returns its number. */
  @Action
  public long write(String text, int keep) {
    long number = notes().append(new Note(text));
    if (keep > 0) notes().keepLast(keep);
    setState(new State(state().written() + 1));
    return number;
  }

  @Action(readOnly = true)
  public List<Note> last(int n) {
    return notes().last(n);
  }

  @Action(readOnly = true)
  public List<Note> range(long from, int limit) {
    return notes().range(from, limit);
  }

  @Action(readOnly = true)
  public Note note(long number) {
    return notes().get(number);
  }

  /** [size, first, last] of the notes. */
  @Action(readOnly = true)
  public List<Long> bounds() {
    return List.of(notes().size(), notes().firstNumber(), notes().lastNumber());
  }

  @Action
  public void tag(String key, String value) {
    tags().put(key, value);
  }

  @Action
  public boolean untag(String key) {
    return tags().remove(key);
  }

  @Action
  public void clearTags() {
    tags().clear();
  }

  @Action(readOnly = true)
  public String tagOf(String key) {
    return tags().get(key);
  }

  /** The keys after {@code after}, at most {@code limit}; and the map's size last. */
  @Action(readOnly = true)
  public List<String> keys(String after, int limit) {
    List<String> keys = new ArrayList<>();
    tags().entries(after, limit).forEach(e -> keys.add(e.key() + "=" + e.value()));
    keys.add(String.valueOf(tags().size()));
    return keys;
  }

  /** Tags twice, then fails: nothing of it is kept. */
  @Action
  public void tagThenFail(String key) {
    tags().put(key, "x");
    notes().append(new Note("lost"));
    throw new UserError("nope", "failed after writing");
  }

  @Action(readOnly = true)
  public void sneakyWrite(String text) {
    notes().append(new Note(text));
  }

  @Action
  public void notesAsMap() {
    storedMap("notes", Note.class).size();
  }

  @Action
  public void notesOfTwoTypes() {
    storedLog("notes", Note.class).size();
    storedLog("notes", String.class).size();
  }

  @Action
  public void badName() {
    storedLog("no spaces", Note.class);
  }

  @Action
  public void keepView() {
    kept = notes();
  }

  @Action
  public long useKeptView() {
    return kept.size();
  }

  @Action
  public void nullNote() {
    notes().append(null);
  }

  @Action
  public void bigNote(int chars) {
    notes().append(new Note("x".repeat(chars)));
  }

  /** Catches the limit's refusal and carries on: the action still fails. */
  @Action
  public String bigNoteCaught(int chars) {
    try {
      notes().append(new Note("x".repeat(chars)));
    } catch (RuntimeException e) {
      return "caught";
    }
    return "appended";
  }

  @Action
  public void page(String key, String title) {
    Page page = new Page();
    page.title = title;
    storedMap("pages", Page.class).put(key, page);
  }

  /** Changes a page in place, without putting it back: kept as a put. */
  @Action
  public void addLine(String key, String line) {
    storedMap("pages", Page.class).get(key).lines.add(line);
  }

  @Action(readOnly = true)
  public Page pageOf(String key) {
    return storedMap("pages", Page.class).get(key);
  }

  @Action(readOnly = true)
  public void peekAndChange(String key) {
    storedMap("pages", Page.class).get(key).title = "changed";
  }

  @Action
  public void draft(String title) {
    Page page = new Page();
    page.title = title;
    storedLog("drafts", Page.class).append(page);
  }

  @Action
  public void editDraft(long number) {
    storedLog("drafts", Page.class).get(number).title = "edited";
  }

  @Action
  public void destroyMe() {
    context().destroy();
  }
}
