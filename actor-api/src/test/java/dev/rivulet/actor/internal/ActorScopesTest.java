package dev.rivulet.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.ActorContext;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An actor reaches its state and context only through the scope bound while an action runs. */
class ActorScopesTest {
  record State(long count) {}

  @Actor("counter")
  static class Counter extends ActorBase<State> {
    State seenInConstructor;
    IllegalStateException constructorFailure;

    Counter() {
      try {
        seenInConstructor = state();
      } catch (IllegalStateException e) {
        constructorFailure = e;
      }
    }

    @Action
    public long increment(long by) {
      State next = new State(state().count() + by);
      setState(next);
      broadcast("newCount", next.count());
      return next.count();
    }

    String actorId() {
      return context().actorId();
    }
  }

  /** A scope as the engine provides it. */
  static final class FakeScope implements ActorScope {
    Object state;
    final List<String> broadcasts = new ArrayList<>();
    final ActorContext context = (ActorContext) Proxy.newProxyInstance(
        ActorContext.class.getClassLoader(), new Class<?>[] {ActorContext.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "actorId" -> "counter/a";
          case "broadcast" -> {
            broadcasts.add(args[0] + Arrays.toString((Object[]) args[1]));
            yield null;
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });

    FakeScope(Object state) {
      this.state = state;
    }

    @Override public Object state() { return state; }
    @Override public void setState(Object state) { this.state = state; }
    @Override public ActorContext context() { return context; }

    @Override
    public <T> dev.rivulet.actor.StoredLog<T> storedLog(String name, Class<T> type) {
      throw new UnsupportedOperationException("storedLog");
    }

    @Override
    public <V> dev.rivulet.actor.StoredMap<V> storedMap(String name, Class<V> type) {
      throw new UnsupportedOperationException("storedMap");
    }
  }

  @Test
  void aBoundScopeGivesTheActionItsStateContextAndBroadcasts() {
    Counter counter = new Counter();
    FakeScope scope = new FakeScope(new State(40));
    ActorScopes.bind(counter, scope);

    assertThat(counter.increment(2)).isEqualTo(42);
    assertThat(scope.state).isEqualTo(new State(42));
    assertThat(scope.broadcasts).containsExactly("newCount[42]");
    assertThat(counter.actorId()).isEqualTo("counter/a");
  }

  @Test
  void rebindingSwitchesToTheNewScope() {
    Counter counter = new Counter();
    ActorScopes.bind(counter, new FakeScope(new State(1)));
    FakeScope second = new FakeScope(new State(100));
    ActorScopes.bind(counter, second);

    assertThat(counter.increment(1)).isEqualTo(101);
    assertThat(second.state).isEqualTo(new State(101));
  }

  @Test
  void afterUnbindingStateIsAClearError() {
    Counter counter = new Counter();
    ActorScopes.bind(counter, new FakeScope(new State(1)));
    ActorScopes.bind(counter, null);

    assertThatThrownBy(() -> counter.increment(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("state() and context() are only available while an action or hook of Counter"
            + " runs, not in its constructor or from another thread");
    assertThatThrownBy(counter::actorId)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("state() and context() are only available");
  }

  @Test
  void stateInTheConstructorIsAClearError() {
    Counter counter = new Counter();
    assertThat(counter.seenInConstructor).isNull();
    assertThat(counter.constructorFailure).hasMessage("state() and context() are only available"
        + " while an action or hook of Counter runs, not in its constructor or from another thread");
  }

  @Test
  void bindingOneActorLeavesAnotherUnbound() {
    Counter bound = new Counter();
    Counter other = new Counter();
    ActorScopes.bind(bound, new FakeScope(new State(0)));

    assertThat(bound.increment(1)).isEqualTo(1);
    assertThatThrownBy(() -> other.increment(1)).isInstanceOf(IllegalStateException.class);
  }
}
