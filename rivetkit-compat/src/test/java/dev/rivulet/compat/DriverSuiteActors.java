package dev.rivulet.compat;

import dev.rivulet.actor.ActorBase;
import java.util.List;

/**
 * Rivulet ports of the actors of RivetKit's driver test suite ({@code
 * rivetkit-typescript/packages/rivetkit/fixtures/driver-test-suite/} in the rivet-dev/rivet
 * repository): the same names, actions, events and answers, so that the compatibility suite's
 * JavaScript cases call them exactly as RivetKit's own tests call the originals.
 *
 * <p>Where Rivulet's model differs the port says so: an action cannot wait, so RivetKit's
 * asynchronous and timeout fixtures are not ported; {@code onWake} cannot change the state, so
 * what RivetKit's fixtures record there lives in the instance (its vars); time is {@code
 * context().now()}.
 */
public final class DriverSuiteActors {
  private DriverSuiteActors() {}

  /** Every ported actor, for the stack the suite runs against. */
  public static final List<Class<? extends ActorBase<?>>> ALL = List.of(
      CounterActors.Counter.class, CounterActors.CounterConn.class,
      CounterActors.CounterWithParams.class, CounterActors.CounterWithLifecycle.class,
      ConnectionActors.ConnStateActor.class, ActionActors.ErrorHandlingActor.class,
      ConnectionActors.BeforeConnectRejectActor.class,
      ConnectionActors.BeforeConnectGenericErrorActor.class,
      ConnectionActors.ConnErrorSerializationActor.class, ActionActors.StatelessActor.class,
      ActionActors.InputActor.class, ActionActors.SyncActionActor.class,
      ActionActors.LargePayloadActor.class, ActionActors.LargePayloadConnActor.class,
      ScheduledActors.Scheduled.class, DestroyActors.DestroyActor.class,
      DestroyActors.DestroyObserver.class, RawHttpActors.RawHttpActor.class,
      RawHttpActors.RawHttpNoHandlerActor.class, RawHttpActors.RawHttpRequestPropertiesActor.class,
      StateChangeActors.OnStateChangeActor.class, RawWebSocketActors.RawWebSocketActor.class,
      RawWebSocketActors.RawWebSocketBinaryActor.class, NestedActions.NestedActionActor.class);
}
