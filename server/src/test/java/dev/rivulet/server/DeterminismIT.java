package dev.rivulet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.engine.Replayer;
import dev.rivulet.records.JournalRecord;
import dev.rivulet.records.RecordCodec;
import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import dev.rivulet.server.testing.TopicReader;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Time and randomness come from the journal, so a replay reproduces every result. */
class DeterminismIT {
  static RivuletServer server;

  @BeforeAll
  static void start() {
    server = TestStack.start(ModelActors.ALL);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theJournalRecordsTimeAndSeedAndAReplayGivesTheSameResults() {
    HttpProbe http = new HttpProbe(server.url());
    for (int i = 0; i < 5; i++) {
      http.action("clock", "d1", "remindIn", "[100000, \"n" + i + "\"]");
    }
    http.action("clock", "d1", "cancel", "[\"s2.1\"]");
    List<JournalRecord> history = TopicReader.byKey(server.bootstrapServers(),
            server.engine().topics().journal(), "clock/d1", 6).stream()
        .map(r -> RecordCodec.mapper().convertValue(r.value(), JournalRecord.class)).toList();
    assertThat(history).allSatisfy(j -> {
      assertThat(j.at()).isPositive();
      assertThat(j.seed()).isNotZero();
    });
    Replayer.Result replay = new Replayer(ModelActors.ALL).replay(history);
    assertThat(replay.divergence()).isNull();
    assertThat(replay.replayed()).isEqualTo(6);
  }
}
