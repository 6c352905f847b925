package dev.rivulet.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.server.RivuletServer;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import dev.rivulet.server.testing.WsProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reminders: durable schedules that fire an internal action, which broadcasts; list and cancel. */
class ReminderIT {
  static RivuletServer server;
  static HttpProbe http;

  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(Reminder.class));
    http = new HttpProbe(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode set(String key, String message, long delayMs) {
    HttpProbe.Response r = http.action("reminder", key, "setReminder",
        "[\"" + message + "\", " + delayMs + "]");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().path("output");
  }

  private static String call(String key, String action, String args) {
    return http.action("reminder", key, action, args).text();
  }

  @Test
  void aReminderGoesOffAfterItsDelayAsABroadcast() {
    Instant due;
    JsonNode note;
    try (WsProbe desk = Frames.open(server, "reminder", "desk", null, "reminder")) {
      assertThat(Frames.call(desk, 1, "listReminders", "[]").path("output").toString())
          .isEqualTo("[]");
      long before = System.currentTimeMillis();
      note = set("desk", "stand up", 300);
      assertThat(note.path("message").asText()).isEqualTo("stand up");
      due = Instant.parse(note.path("dueAt").asText());
      assertThat(due.toEpochMilli()).isBetween(before + 300, System.currentTimeMillis() + 300);
      assertThat(call("desk", "listReminders", "[]")).isEqualTo("{\"output\":[" + note + "]}");

      JsonNode args = Frames.awaitEvent(desk, "reminder");
      assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(due.toEpochMilli());
      assertThat(args).isEqualTo(Frames.json("[" + note + "]"));
    }
    assertThat(call("desk", "listReminders", "[]")).isEqualTo("{\"output\":[]}");
    assertThat(call("desk", "sentCount", "[]")).isEqualTo("{\"output\":1}");

    // The journal: the schedule set by setReminder, then a "fire" record that ran sendReminder.
    List<TopicReader.Rec> journal = TopicReader.readUntil(server.bootstrapServers(),
        server.engine().topics().journal(), Duration.ofSeconds(30),
        rs -> rs.stream().anyMatch(r -> r.key().equals("reminder/desk")
            && r.value().path("kind").asText().equals("fire")))
        .stream().filter(r -> r.key().equals("reminder/desk")).toList();
    JsonNode fire = journal.stream().map(TopicReader.Rec::value)
        .filter(v -> v.path("kind").asText().equals("fire")).findFirst().orElseThrow();
    assertThat(fire.path("request").path("action").asText()).isEqualTo("sendReminder");
    assertThat(fire.path("request").path("args").toString())
        .isEqualTo("[\"" + note.path("id").asText() + "\"]");
    assertThat(setReminder(journal).path("schedules").get(0).path("action").asText())
        .isEqualTo("sendReminder");
    assertThat(fire.path("at").asLong()).isGreaterThanOrEqualTo(due.toEpochMilli());
    assertThat(fire.path("schedules").get(0).path("op").asText()).isEqualTo("fire");
    assertThat(fire.path("broadcasts").get(0).path("name").asText()).isEqualTo("reminder");
  }

  private static JsonNode setReminder(List<TopicReader.Rec> journal) {
    return journal.stream().map(TopicReader.Rec::value)
        .filter(v -> v.path("request").path("action").asText().equals("setReminder"))
        .findFirst().orElseThrow();
  }

  @Test
  void remindersCanBeListedAndCancelledAndACancelledOneNeverGoesOff() {
    JsonNode dentist = set("week", "dentist", 60_000);
    JsonNode taxes = set("week", "taxes", 60_000);
    assertThat(call("week", "listReminders", "[]"))
        .isEqualTo("{\"output\":[" + dentist + "," + taxes + "]}");
    String dentistId = dentist.path("id").asText();
    assertThat(call("week", "cancelReminder", "[\"" + dentistId + "\"]"))
        .isEqualTo("{\"output\":true}");
    assertThat(call("week", "cancelReminder", "[\"" + dentistId + "\"]"))
        .isEqualTo("{\"output\":false}");
    assertThat(call("week", "listReminders", "[]")).isEqualTo("{\"output\":[" + taxes + "]}");

    try (WsProbe phone = Frames.open(server, "reminder", "soon", null, "reminder")) {
      Frames.call(phone, 1, "listReminders", "[]");
      JsonNode cancelled = set("soon", "cancelled", 2_000);
      JsonNode kept = set("soon", "kept", 2_100);
      assertThat(call("soon", "cancelReminder", "[\"" + cancelled.path("id").asText() + "\"]"))
          .isEqualTo("{\"output\":true}");
      // Schedules fire in the order they are due: had the first not been cancelled, it would
      // have arrived before the second.
      Frames.awaitEvent(phone, "reminder");
      assertThat(Frames.events(phone, "reminder")).containsExactly(Frames.json("[" + kept + "]"));
    }
    assertThat(call("soon", "sentCount", "[]")).isEqualTo("{\"output\":1}");
  }

  @Test
  void sendReminderIsInternalAndBadRemindersAreRejected() {
    assertThat(http.action("reminder", "odd", "sendReminder", "[\"r1\"]").errorCode())
        .isEqualTo("actor.action_not_found");
    assertThat(http.action("reminder", "odd", "setReminder", "[\" \", 10]").errorCode())
        .isEqualTo("user.invalid_reminder");
    HttpProbe.Response negative = http.action("reminder", "odd", "setReminder", "[\"x\", -1]");
    assertThat(negative.errorCode()).isEqualTo("user.invalid_reminder");
    assertThat(negative.json().path("message").asText())
        .isEqualTo("delayMs must be between 0 and " + Reminder.MAX_DELAY_MS);
    assertThat(call("odd", "listReminders", "[]")).isEqualTo("{\"output\":[]}");
  }
}
