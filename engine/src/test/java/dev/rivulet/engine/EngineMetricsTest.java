package dev.rivulet.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.records.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void gaugesSumTheTasksThatAreThere() {
    EngineMetrics metrics = new EngineMetrics(registry, MachineHarness.TYPES);
    EngineMetrics.Recorder a = metrics.recorder();
    EngineMetrics.Recorder b = metrics.recorder();
    a.pendingSchedules = 2;
    b.pendingSchedules = 3;
    b.liveActors = 7;
    assertThat(gauge("rivulet.schedules.pending")).isEqualTo(5);
    b.close(); // its task moved to another engine
    assertThat(gauge("rivulet.schedules.pending")).isEqualTo(2);
    assertThat(gauge("rivulet.actors.live")).isZero();
  }

  @Test
  void anEngineStartedAgainOnTheSameRegistryHasItsOwnGaugesAndKeepsCounting() {
    EngineMetrics first = new EngineMetrics(registry, MachineHarness.TYPES);
    first.recorder().pendingSchedules = 4;
    first.recorder().failed("counter", ErrorCode.INTERNAL_ERROR.error("x"));
    first.close();
    assertThat(registry.find("rivulet.schedules.pending").gauge()).isNull();

    EngineMetrics second = new EngineMetrics(registry, MachineHarness.TYPES);
    second.recorder().pendingSchedules = 1;
    second.recorder().failed("counter", ErrorCode.INTERNAL_ERROR.error("x"));
    assertThat(gauge("rivulet.schedules.pending")).isEqualTo(1);
    assertThat(registry.get(EngineMetrics.ERRORS).tags("code", "core.internal_error").counter()
        .count()).isEqualTo(2);
  }

  @Test
  void unregisteredTypesShareOneLabel() {
    EngineMetrics metrics = new EngineMetrics(registry, MachineHarness.TYPES);
    EngineMetrics.Recorder r = metrics.recorder();
    for (int i = 0; i < 100; i++) r.failed("made-up-" + i, ErrorCode.ACTOR_TYPE_NOT_FOUND.error("x"));
    assertThat(registry.get(EngineMetrics.ERRORS).counters()).hasSize(1);
    assertThat(registry.get(EngineMetrics.ERRORS).tags("actor_type", EngineMetrics.UNKNOWN)
        .counter().count()).isEqualTo(100);
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }
}
