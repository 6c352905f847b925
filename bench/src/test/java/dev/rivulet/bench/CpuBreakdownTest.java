package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The thread names of the embedded stack (as a thread dump shows them) map to components. */
class CpuBreakdownTest {
  @Test
  void threadsOfTheEngineGatewayBrokerAndBarePipelinesFallIntoTheirComponents() {
    String engine = "bench-engine-3f6b2a10-7c1e-4b7f-9d4e-0a1b2c3d4e5f";
    assertThat(CpuBreakdown.componentOf(engine + "-StreamThread-1"))
        .isEqualTo("engine: stream thread");
    assertThat(CpuBreakdown.componentOf(
        "kafka-producer-network-thread | " + engine + "-StreamThread-1-producer"))
        .isEqualTo("engine: producer I/O");
    assertThat(CpuBreakdown.componentOf("kafka-coordinator-heartbeat-thread | bench-engine"))
        .isEqualTo("engine: other");
    assertThat(CpuBreakdown.componentOf("rivulet-effect-1")).isEqualTo("engine: other");
    assertThat(CpuBreakdown.componentOf("JettyServerThreadPool-42"))
        .isEqualTo("gateway: Jetty (HTTP, WebSocket)");
    assertThat(CpuBreakdown.componentOf("rivulet-outbox-gw-1c2d"))
        .isEqualTo("gateway: outbox router");
    assertThat(CpuBreakdown.componentOf(
        "kafka-producer-network-thread | rivulet-gateway-gw-1c2d-inbox"))
        .isEqualTo("gateway: inbox producer I/O");
    assertThat(CpuBreakdown.componentOf("rivulet-heartbeat-gw-1c2d")).isEqualTo("gateway: other");
    assertThat(CpuBreakdown.componentOf("bare-eos-u-1234-StreamThread-1"))
        .isEqualTo("bare pipelines");
    assertThat(CpuBreakdown.componentOf("kafka-producer-network-thread | producer-3"))
        .isEqualTo("broker, other threads");
    assertThat(CpuBreakdown.componentOf("data-plane-kafka-request-handler-0"))
        .isEqualTo("broker, other threads");
    assertThat(CpuBreakdown.componentOf("main")).isEqualTo("bench driver");
    assertThat(CpuBreakdown.componentOf("kafka-producer-network-thread | bench-direct"))
        .isEqualTo("bench driver");
    assertThat(CpuBreakdown.componentOf("bench-direct-reader")).isEqualTo("bench driver");
    assertThat(CpuBreakdown.componentOf("kafka-producer-network-thread | bare-eos-u-driver"))
        .isEqualTo("bare pipelines");
    assertThat(CpuBreakdown.COMPONENTS).contains("JVM: GC, JIT", "client process");
  }
}
