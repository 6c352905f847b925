package dev.rivulet.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every misuse of the actor API that registration can see fails there, naming the class. */
class ActorTypeRegistrationTest {
  record State(int n) {}

  static class NoAnnotation extends ActorBase<State> {}

  @Actor("bad name")
  static class SpaceInName extends ActorBase<State> {}

  @Actor("")
  static class EmptyName extends ActorBase<State> {}

  @Actor("a12345678901234567890123456789012345678901234567890123456789012345")
  static class LongName extends ActorBase<State> {}

  @Actor("x1234567890123456789012345678901234567890123456789012345678901_-")
  static class LongestName extends ActorBase<State> {}

  @Actor("abstract")
  abstract static class Abstract extends ActorBase<State> {}

  @SuppressWarnings("rawtypes")
  @Actor("raw")
  static class Raw extends ActorBase {}

  @Actor("object")
  static class ObjectState extends ActorBase<Object> {}

  @Actor("noctor")
  static class NoDefaultConstructor extends ActorBase<State> {
    NoDefaultConstructor(int n) {}
  }

  @Actor("private")
  static class PackagePrivateAction extends ActorBase<State> {
    @Action
    long secret() {
      return 1;
    }
  }

  @Actor("base-secret")
  static class InheritsPrivateAction extends PackagePrivateAction {}

  @Actor("static")
  static class StaticAction extends ActorBase<State> {
    @Action
    public static long shared() {
      return 1;
    }
  }

  @Actor("dup")
  static class Overloaded extends ActorBase<State> {
    @Action
    public long add(int n) {
      return n;
    }

    @Action
    public long add(long n) {
      return n;
    }
  }

  @Actor("renamed")
  static class RenamedClash extends ActorBase<State> {
    @Action(name = "go")
    public void first() {}

    @Action
    public void go() {}
  }

  @Actor("badaction")
  static class BadActionName extends ActorBase<State> {
    @Action(name = "do it")
    public void doIt() {}
  }

  @Actor("nested")
  static class NestedNames extends ActorBase<State> {
    @Action(name = "calculator.add")
    public int add(int a, int b) {
      return a + b;
    }

    @Action(name = "a.b-c.d_e")
    public void deep() {}
  }

  @Actor("dots1")
  static class LeadingDot extends ActorBase<State> {
    @Action(name = ".add")
    public void add() {}
  }

  @Actor("dots2")
  static class TrailingDot extends ActorBase<State> {
    @Action(name = "add.")
    public void add() {}
  }

  @Actor("dots3")
  static class DoubleDot extends ActorBase<State> {
    @Action(name = "calculator..add")
    public void add() {}
  }

  @Actor("long1")
  static class LongActionName extends ActorBase<State> {
    @Action(name = "a.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    public void add() {}
  }

  @Actor("create2")
  static class CreateStateTwoParams extends ActorBase<State> {
    protected State createState(int a, int b) {
      return new State(a + b);
    }
  }

  @Actor("createstatic")
  static class StaticCreateState extends ActorBase<State> {
    protected static State createState(int a) {
      return new State(a);
    }
  }

  @Actor("createwrong")
  static class CreateStateWrongType extends ActorBase<State> {
    protected String createState(int a) {
      return "x";
    }
  }

  @Actor("good")
  static class Good extends ActorBase<State> {
    @Action
    public int z() {
      return 0;
    }

    @Action(name = "a-first", readOnly = true)
    public int b() {
      return 1;
    }

    public int notAnAction() {
      return 2;
    }
  }

  @Test
  void aMissingActorAnnotationIsRejected() {
    assertRejected(NoAnnotation.class, "missing @Actor(\"name\")");
  }

  @Test
  void actorNamesOutsideTheAllowedCharactersOrLengthAreRejected() {
    String rule = "@Actor name must be 1 to 64 characters of [A-Za-z0-9_-], got ";
    assertRejected(SpaceInName.class, rule + "\"bad name\"");
    assertRejected(EmptyName.class, rule + "\"\"");
    assertRejected(LongName.class,
        rule + "\"a12345678901234567890123456789012345678901234567890123456789012345\"");
  }

  @Test
  void aNameOfExactly64CharactersIsAccepted() {
    assertThat(ActorType.of(LongestName.class).name()).hasSize(64);
  }

  @Test
  void anAbstractClassIsRejected() {
    assertRejected(Abstract.class, "must be a concrete subclass of ActorBase");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aRawOrObjectStateTypeIsRejected() {
    String rule = "extend ActorBase<S> with a concrete state type S, for example ActorBase<State>";
    assertRejected((Class) Raw.class, rule);
    assertRejected(ObjectState.class, rule);
  }

  @Test
  void aClassWithoutANoArgumentConstructorIsRejected() {
    assertRejected(NoDefaultConstructor.class, "needs a no-argument constructor");
  }

  @Test
  void aNonPublicActionIsRejectedAlsoWhenInherited() {
    assertRejected(PackagePrivateAction.class, "@Action method secret must be public");
    assertRejected(InheritsPrivateAction.class, "@Action method secret must be public");
  }

  @Test
  void aStaticActionIsRejectedNamingTheMethod() {
    assertThatThrownBy(() -> ActorType.of(StaticAction.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(StaticAction.class.getName() + ".shared: an @Action must not be static");
  }

  @Test
  void twoActionsOfTheSameNameAreRejected() {
    assertRejected(Overloaded.class, "two actions are named \"add\"; action names must be unique");
    assertRejected(RenamedClash.class, "two actions are named \"go\"; action names must be unique");
  }

  @Test
  void anInvalidActionNameIsRejectedNamingTheMethod() {
    assertThatThrownBy(() -> ActorType.of(BadActionName.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(BadActionName.class.getName() + ".doIt: action name must be 1 to 64 "
            + "characters: parts of [A-Za-z0-9_-] separated by single dots, got \"do it\"");
  }

  @Test
  void actionNamesMayBeNestedWithDotsAsRivetKitsAre() {
    ActorType type = ActorType.of(NestedNames.class);
    assertThat(type.actions()).containsOnlyKeys("calculator.add", "a.b-c.d_e");
    assertThat(type.action("calculator.add").qualifiedName()).isEqualTo("nested.calculator.add");
    List<String> described = new ArrayList<>();
    type.describe().path("actions").forEach(a -> described.add(a.path("name").asText()));
    assertThat(described).containsExactlyInAnyOrder("calculator.add", "a.b-c.d_e");
    String rule = "action name must be 1 to 64 characters: parts of [A-Za-z0-9_-] separated by "
        + "single dots, got ";
    assertThatThrownBy(() -> ActorType.of(LeadingDot.class))
        .hasMessage(LeadingDot.class.getName() + ".add: " + rule + "\".add\"");
    assertThatThrownBy(() -> ActorType.of(TrailingDot.class))
        .hasMessage(TrailingDot.class.getName() + ".add: " + rule + "\"add.\"");
    assertThatThrownBy(() -> ActorType.of(DoubleDot.class))
        .hasMessage(DoubleDot.class.getName() + ".add: " + rule + "\"calculator..add\"");
    assertThatThrownBy(() -> ActorType.of(LongActionName.class)).hasMessage(
        LongActionName.class.getName() + ".add: " + rule + "\"a." + "a".repeat(63) + "\"");
  }

  @Test
  void createStateMustBeAnInstanceMethodOfOneParameter() {
    String rule = "createState must be an instance method with one parameter (the input)";
    assertRejected(CreateStateTwoParams.class, rule);
    assertRejected(StaticCreateState.class, rule);
  }

  @Test
  void createStateMustReturnTheStateType() {
    assertRejected(CreateStateWrongType.class,
        "createState must return the state type " + State.class.getName());
  }

  @Test
  void aValidActorListsItsAnnotatedPublicMethodsByMethodName() {
    ActorType type = ActorType.of(Good.class);
    assertThat(type.name()).isEqualTo("good");
    assertThat(type.actorClass()).isEqualTo(Good.class);
    assertThat(type.stateType().getRawClass()).isEqualTo(State.class);
    assertThat(type.inputType()).isNull();
    // sorted by Java method name (b before z), keyed by action name
    assertThat(type.actions()).containsOnlyKeys("a-first", "z");
    assertThat(type.actions().keySet()).containsExactly("a-first", "z");
    assertThat(type.action("notAnAction")).isNull();
    assertThat(type.action("b")).isNull();
    assertThat(type.action("a-first").readOnly()).isTrue();
    assertThat(type.action("z").readOnly()).isFalse();
    assertThat(type.action("z").qualifiedName()).isEqualTo("good.z");
    assertThatThrownBy(() -> type.actions().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void newInstanceGivesAFreshObjectEachTime() {
    ActorType type = ActorType.of(Good.class);
    ActorBase<?> a = type.newInstance();
    assertThat(a).isInstanceOf(Good.class).isNotSameAs(type.newInstance());
  }

  // --- type variables of a generic actor superclass ---

  abstract static class Registry<T> extends ActorBase<State> {
    @Action
    public String put(T value) {
      return "put " + value.getClass().getSimpleName();
    }
  }

  @Actor("names")
  static class Names extends Registry<String> {}

  abstract static class FromInput<S> extends ActorBase<S> {
    protected S createState(S input) {
      return input;
    }
  }

  @Actor("from-input")
  static class StateFromInput extends FromInput<State> {}

  @Test
  void aTypeVariableParameterIsResolvedAgainstTheActorClass() {
    ActionMethod put = ActorType.of(Names.class).action("put");
    assertThat(put.params().get(0).type().getRawClass()).isEqualTo(String.class);
    assertThatThrownBy(() -> put.convertArgs(Json.mapper().readTree("[5]")))
        .isInstanceOf(ArgumentsException.class)
        .hasMessage("argument 1 (value) of names.put must be a string, got 5");
  }

  @Test
  void createStateWithTheStateTypeVariableIsAccepted() {
    ActorType type = ActorType.of(StateFromInput.class);
    assertThat(type.inputType().getRawClass()).isEqualTo(State.class);
  }

  private static void assertRejected(Class<? extends ActorBase<?>> cls, String problem) {
    assertThatThrownBy(() -> ActorType.of(cls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(cls.getName() + ": " + problem);
  }
}
