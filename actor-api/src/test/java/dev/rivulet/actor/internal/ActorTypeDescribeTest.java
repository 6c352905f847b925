package dev.rivulet.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code /api/metadata} says about an actor, and where a new actor's state comes from. */
class ActorTypeDescribeTest {
  enum Size { S, M, L }

  record Item(String sku, int qty) {}

  record Cart(String owner, List<Item> items) {}

  record Open(String owner) {}

  @Actor("shop")
  static class Shop extends ActorBase<Cart> {
    @Override
    protected Cart initialState() {
      return new Cart("nobody", List.of());
    }

    protected Cart createState(Open input) {
      return new Cart(input == null ? "null input" : input.owner(), List.of());
    }

    @Action
    public int add(String sku, int qty, Size size) {
      return qty;
    }

    @Action(name = "total", readOnly = true)
    public BigDecimal sum(Optional<Long> discount) {
      return BigDecimal.ONE;
    }

    @Action
    public void clear() {}
  }

  @Test
  void describeListsStateInputAndActionsWithArgumentNamesAndJsonTypes() throws Exception {
    String cart = Cart.class.getName();
    String item = Item.class.getName();
    JsonNode expected = json("""
        {'name':'shop','javaClass':'%s',
         'state':{'type':'object','javaType':'%s','properties':{
           'owner':{'type':'string','javaType':'String'},
           'items':{'type':'array','javaType':'java.util.List<%s>',
                    'items':{'type':'object','javaType':'%s'}}}},
         'input':{'type':'object','javaType':'%s','properties':{
           'owner':{'type':'string','javaType':'String'}}},
         'actions':[
           {'name':'add','readOnly':false,'args':[
              {'name':'sku','type':'string','javaType':'String'},
              {'name':'qty','type':'integer','javaType':'int'},
              {'name':'size','type':'string','javaType':'%s','enum':['S','M','L']}],
            'returns':{'type':'integer','javaType':'int'}},
           {'name':'clear','readOnly':false,'args':[],'returns':{'type':'null','javaType':'void'}},
           {'name':'total','readOnly':true,'args':[
              {'name':'discount','type':'integer','javaType':'java.util.Optional<Long>','optional':true}],
            'returns':{'type':'number','javaType':'java.math.BigDecimal'}}]}
        """.formatted(Shop.class.getName(), cart, item, item, Open.class.getName(),
            Size.class.getName()));

    JsonNode described = ActorType.of(Shop.class).describe();

    assertThat(described).isEqualTo(expected);
    // the order of fields and actions is part of the output, not only its content
    assertThat(described.toString()).isEqualTo(expected.toString());
  }

  @Test
  void anActorWithoutCreateStateHasNoInputInItsDescription() {
    JsonNode described = ActorType.of(Plain.class).describe();
    assertThat(described.has("input")).isFalse();
    assertThat(described.get("state").get("properties").get("n").get("javaType").asText())
        .isEqualTo("long");
  }

  @Actor("optionals")
  static class Optionals extends ActorBase<Count> {
    @Action
    public void pick(Optional<Size> size, Optional<Open> open, Optional<List<Integer>> xs) {}
  }

  @Test
  void anOptionalParameterIsDescribedLikeItsContent() {
    JsonNode args = ActorType.of(Optionals.class).describe().get("actions").get(0).get("args");
    assertThat(args.get(0).get("enum")).hasToString("[\"S\",\"M\",\"L\"]");
    assertThat(args.get(1).get("properties").get("owner").get("type").asText()).isEqualTo("string");
    assertThat(args.get(2).get("items").get("type").asText()).isEqualTo("integer");
  }

  // --- initialState vs createState(input) ---

  record Count(long n) {}

  @Actor("plain")
  static class Plain extends ActorBase<Count> {
    @Override
    protected Count initialState() {
      return new Count(7);
    }
  }

  @Actor("noinit")
  static class NoInitialState extends ActorBase<Count> {}

  @Actor("input-only")
  static class InputOnly extends ActorBase<Count> {
    protected Count createState(Long start) {
      return new Count(start == null ? -1 : start);
    }
  }

  @Actor("primitive-input")
  static class PrimitiveInput extends ActorBase<Count> {
    protected Count createState(long start) {
      return new Count(start);
    }
  }

  @Test
  void withoutInputAnActorThatOverridesInitialStateGetsIt() throws Throwable {
    assertThat(initial(Shop.class, null)).isEqualTo(new Cart("nobody", List.of()));
    assertThat(initial(Shop.class, "null")).isEqualTo(new Cart("nobody", List.of()));
    assertThat(initial(Plain.class, null)).isEqualTo(new Count(7));
  }

  @Test
  void withAnInputCreateStateIsCalledWithTheConvertedInput() throws Throwable {
    assertThat(ActorType.of(Shop.class).inputType().getRawClass()).isEqualTo(Open.class);
    assertThat(initial(Shop.class, "{'owner':'ann'}")).isEqualTo(new Cart("ann", List.of()));
    assertThat(initial(InputOnly.class, "41")).isEqualTo(new Count(41));
  }

  @Test
  void anInputGivenToAnActorWithoutCreateStateIsIgnored() throws Throwable {
    assertThat(initial(Plain.class, "{'anything':1}")).isEqualTo(new Count(7));
  }

  @Test
  void withoutInputAndWithoutInitialStateCreateStateGetsNull() throws Throwable {
    assertThat(initial(InputOnly.class, null)).isEqualTo(new Count(-1));
  }

  @Test
  void aPrimitiveInputThatIsMissingIsAnArgumentsError() {
    assertThatThrownBy(() -> initial(PrimitiveInput.class, null))
        .isInstanceOf(ArgumentsException.class)
        .hasMessageStartingWith("the input of primitive-input must be an integer: ")
        .hasMessageContaining("Cannot map `null` into type `long`")
        .hasMessageNotContaining("\n");
  }

  @Test
  void anInputOfTheWrongShapeIsAnArgumentsErrorNamingTheActorAndType() {
    assertThatThrownBy(() -> initial(Shop.class, "{'owner':'ann','extra':1}"))
        .isInstanceOf(ArgumentsException.class)
        .hasMessageStartingWith("the input of shop must be an object (Open): ")
        .hasMessageContaining("Unrecognized field \"extra\"")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> initial(InputOnly.class, "'41'"))
        .isInstanceOf(ArgumentsException.class)
        .hasMessageStartingWith("the input of input-only must be an integer: ");
    assertThatThrownBy(() -> initial(InputOnly.class, "4.5"))
        .isInstanceOf(ArgumentsException.class)
        .hasMessageStartingWith("the input of input-only must be an integer: ");
  }

  @Test
  void anActorWithNeitherInitialStateNorCreateStateFailsSayingSo() {
    assertThatThrownBy(() -> initial(NoInitialState.class, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(NoInitialState.class.getName()
            + " does not override initialState() and was created without input");
  }

  private static Object initial(Class<? extends ActorBase<?>> cls, String input) throws Throwable {
    ActorType type = ActorType.of(cls);
    return type.initialState(type.newInstance(), input == null ? null : json(input));
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return Json.mapper().readTree(singleQuoted.replace('\'', '"'));
  }
}
