package dev.rivulet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.rivulet.actor.Action;
import dev.rivulet.actor.internal.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The typed stub: a method call becomes an action call, its JSON result the return value. */
class ActionProxyTest {
  interface CounterApi {
    long increment(long by);

    @Action(name = "getCount")
    long count();

    CompletableFuture<Long> incrementAsync(long by);

    CompletableFuture<Void> resetAsync();

    void reset();

    Map<String, List<Integer>> scores();

    default long incrementTwice(long by) {
      increment(by);
      return increment(by);
    }
  }

  /** Records the calls and answers each with the next queued future. */
  private final List<String> calls = new ArrayList<>();
  private CompletableFuture<JsonNode> answer = CompletableFuture.completedFuture(json("0"));

  private CounterApi proxy() {
    return ActionProxy.create(CounterApi.class, "counter/a", (action, args) -> {
      calls.add(action + Arrays.toString(args));
      return answer;
    });
  }

  @Test
  void theActionIsNamedAfterTheMethodAndGetsItsArguments() {
    answer = CompletableFuture.completedFuture(json("6"));
    assertThat(proxy().increment(5)).isEqualTo(6L);
    assertThat(calls).containsExactly("increment[5]");
  }

  @Test
  void anActionAnnotationRenamesTheActionAndNoArgumentsAreAnEmptyArray() {
    answer = CompletableFuture.completedFuture(json("9"));
    assertThat(proxy().count()).isEqualTo(9L);
    assertThat(calls).containsExactly("getCount[]");
  }

  @Test
  void aCompletableFutureReturnDoesNotBlockAndCompletesWithTheConvertedResult() throws Exception {
    answer = new CompletableFuture<>();
    CompletableFuture<Long> result = proxy().incrementAsync(2);
    assertThat(result).isNotDone();
    assertThat(calls).containsExactly("incrementAsync[2]");

    answer.complete(json("12"));
    assertThat(result.get()).isEqualTo(12L);
  }

  @Test
  void voidResultsIgnoreTheJson() throws Exception {
    answer = CompletableFuture.completedFuture(json("{\"whatever\":1}"));
    proxy().reset();
    assertThat(proxy().resetAsync().get()).isNull();
    assertThat(calls).containsExactly("reset[]", "resetAsync[]");
  }

  @Test
  void genericResultsAreConvertedToTheFullReturnType() {
    answer = CompletableFuture.completedFuture(json("{\"ann\":[1,2],\"bob\":[]}"));
    assertThat(proxy().scores()).isEqualTo(Map.of("ann", List.of(1, 2), "bob", List.of()));
  }

  @Test
  void aDefaultMethodRunsItsOwnBodyAndCallsActionsThroughTheProxy() {
    answer = CompletableFuture.completedFuture(json("2"));
    assertThat(proxy().incrementTwice(1)).isEqualTo(2L);
    assertThat(calls).containsExactly("increment[1]", "increment[1]");
  }

  @Test
  void aResultThatDoesNotFitIsAClientError() {
    answer = CompletableFuture.completedFuture(json("\"abc\""));
    assertThatThrownBy(() -> proxy().increment(1))
        .isInstanceOfSatisfying(ActorError.class, e -> {
          assertThat(e.qualifiedCode()).isEqualTo("client.unexpected_result");
          assertThat(e.getMessage()).isEqualTo("the result \"abc\" does not fit long");
          assertThat(e.metadata()).isNull();
        });
    answer = CompletableFuture.completedFuture(NullNode.instance);
    assertThatThrownBy(() -> proxy().count())
        .isInstanceOf(ActorError.class)
        .hasMessage("the result null does not fit long");
    answer = CompletableFuture.completedFuture(json("1.5"));
    assertThatThrownBy(() -> proxy().count())
        .isInstanceOf(ActorError.class)
        .hasMessage("the result 1.5 does not fit long");
  }

  @Test
  void aLongUnfitResultIsAbbreviatedInTheMessage() {
    String text = "y".repeat(80);
    answer = CompletableFuture.completedFuture(JsonNodeFactory.instance.textNode(text));
    assertThatThrownBy(() -> proxy().increment(1))
        .isInstanceOf(ActorError.class)
        .hasMessage("the result " + ("\"" + text).substring(0, 57) + "... does not fit long");
  }

  @Test
  void anErrorOfTheCallIsThrownAsIsBySyncMethodsAndFailsTheFutureOfAsyncOnes() {
    ActorError error = new ActorError("user", "room_full", "full", null);
    answer = CompletableFuture.failedFuture(error);
    assertThatThrownBy(() -> proxy().increment(1)).isSameAs(error);

    CompletableFuture<Long> async = proxy().incrementAsync(1);
    assertThatThrownBy(async::get).isInstanceOf(ExecutionException.class).hasCause(error);
  }

  @Test
  void aCheckedFailureOfTheCallStaysWrapped() {
    Exception checked = new java.io.IOException("connection reset");
    answer = CompletableFuture.failedFuture(checked);
    assertThatThrownBy(() -> proxy().increment(1))
        .isInstanceOf(CompletionException.class)
        .hasCause(checked);
  }

  @Test
  void objectMethodsDescribeTheStubAndUseIdentity() {
    CounterApi a = proxy();
    CounterApi b = proxy();
    assertThat(a.toString()).isEqualTo("CounterApi(counter/a)");
    assertThat(a).isEqualTo(a).isNotEqualTo(b);
    assertThat(a.equals(null)).isFalse();
    assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
    assertThat(calls).isEmpty();
  }

  @Test
  void aClassIsNotAcceptedAsTheApi() {
    assertThatThrownBy(() -> ActionProxy.create(ArrayList.class, "x", (a, args) -> answer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("java.util.ArrayList is not an interface; typed clients are built from an"
            + " interface declaring the actor's actions");
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
