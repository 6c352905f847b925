package dev.rivulet.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Arguments arrive as a JSON array and are converted to the parameter types strictly. */
class ActionMethodArgsTest {
  record State(int n) {}

  record Item(String sku, int qty) {}

  enum Size { S, M, L }

  @Actor("calc")
  static class Calc extends ActorBase<State> {
    @Action public long add(int a, int b) { return (long) a + b; }
    @Action public long neg(long x) { return -x; }
    @Action public void reset() {}
    @Action public String echo(String s) { return s; }
    @Action public boolean flag(boolean b) { return b; }
    @Action public double half(double d) { return d / 2; }
    @Action public float single(float f) { return f; }
    @Action public Integer boxed(Integer n) { return n; }
    @Action public BigInteger big(BigInteger n) { return n; }
    @Action public BigDecimal dec(BigDecimal d) { return d; }
    @Action public Optional<Integer> maybe(Optional<Integer> n) { return n; }
    @Action public List<Integer> list(List<Integer> xs) { return xs; }
    @Action public Item item(Item item) { return item; }
    @Action public Size size(Size s) { return s; }
    @Action public Instant at(Instant t) { return t; }
    @Action public Object any(Object v) { return v; }
    @Action public int total(Optional<List<Integer>> xs) { return xs.map(List::size).orElse(0); }
    @Action public String sku(Optional<Item> item) { return item.map(Item::sku).orElse(""); }
    @Action public void reject(String code) { throw new UserError(code, "rejected"); }
  }

  private static final ActorType CALC = ActorType.of(Calc.class);

  @Test
  void theArgumentCountMustMatchAndTheMessageShowsTheSignature() {
    assertRejected("add", "[1,2,3]",
        "calc.add takes 2 arguments (a: an integer, b: an integer), got 3");
    assertRejected("neg", "[]", "calc.neg takes 1 argument (x: an integer), got 0");
    assertRejected("reset", "[1]", "calc.reset takes 0 arguments (), got 1");
  }

  @Test
  void absentArgumentsAreAnEmptyArray() throws Exception {
    ActionMethod reset = CALC.action("reset");
    assertThat(reset.convertArgs(null)).isEmpty();
    assertThat(reset.convertArgs(NullNode.instance)).isEmpty();
    assertThat(reset.convertArgs(MissingNode.getInstance())).isEmpty();
    assertThatThrownBy(() -> CALC.action("neg").convertArgs(null))
        .isInstanceOf(ArgumentsException.class)
        .hasMessage("calc.neg takes 1 argument (x: an integer), got 0");
  }

  @Test
  void argumentsThatAreNotAnArrayAreRejectedNamingTheirKind() {
    assertRejected("add", "{'a':1}", "arguments of calc.add must be a JSON array, got object");
    assertRejected("add", "'1,2'", "arguments of calc.add must be a JSON array, got string");
    assertRejected("add", "5", "arguments of calc.add must be a JSON array, got number");
  }

  @Test
  void nullIsRefusedForAPrimitiveAndAcceptedForAReference() throws Exception {
    assertRejected("add", "[null,1]", "argument 1 (a) of calc.add must not be null");
    assertRejected("flag", "[null]", "argument 1 (b) of calc.flag must not be null");
    assertThat(convert("boxed", "[null]")).containsExactly((Object) null);
    assertThat(convert("echo", "[null]")).containsExactly((Object) null);
  }

  @Test
  void integersAreNeitherStringsNorFractions() throws Exception {
    assertThat(convert("add", "[1,-2]")).containsExactly(1, -2);
    assertRejected("add", "[1,'2']", "argument 2 (b) of calc.add must be an integer, got \"2\"");
    assertRejected("add", "[1.5,1]", "argument 1 (a) of calc.add must be an integer, got 1.5");
    assertRejected("add", "[1.0,1]", "argument 1 (a) of calc.add must be an integer, got 1.0");
    assertRejected("add", "[true,1]", "argument 1 (a) of calc.add must be an integer, got true");
    assertRejected("boxed", "['1']", "argument 1 (n) of calc.boxed must be an integer, got \"1\"");
    assertRejected("boxed", "['']", "argument 1 (n) of calc.boxed must be an integer, got \"\"");
  }

  @Test
  void integersOutOfRangeAreRejectedAndBigIntegersKeepEveryDigit() throws Exception {
    assertRejected("add", "[2147483648,0]",
        "argument 1 (a) of calc.add must be an integer, got 2147483648");
    assertThat(convert("neg", "[9223372036854775807]")).containsExactly(Long.MAX_VALUE);
    assertThat(convert("neg", "[-9223372036854775808]")).containsExactly(Long.MIN_VALUE);
    assertRejected("neg", "[9223372036854775808]",
        "argument 1 (x) of calc.neg must be an integer, got 9223372036854775808");
    assertThat(convert("big", "[123456789012345678901234567890]"))
        .containsExactly(new BigInteger("123456789012345678901234567890"));
    assertRejected("big", "[1.5]", "argument 1 (n) of calc.big must be an integer, got 1.5");
  }

  @Test
  void stringsAndBooleansAreNotCoercedFromOtherScalars() throws Exception {
    assertThat(convert("echo", "['5']")).containsExactly("5");
    assertRejected("echo", "[5]", "argument 1 (s) of calc.echo must be a string, got 5");
    assertRejected("echo", "[true]", "argument 1 (s) of calc.echo must be a string, got true");
    assertRejected("echo", "[1.5]", "argument 1 (s) of calc.echo must be a string, got 1.5");
    assertThat(convert("flag", "[false]")).containsExactly(false);
    assertRejected("flag", "[1]", "argument 1 (b) of calc.flag must be a boolean, got 1");
    assertRejected("flag", "['true']", "argument 1 (b) of calc.flag must be a boolean, got \"true\"");
  }

  @Test
  void fractionsAcceptIntegersButNotStrings() throws Exception {
    assertThat(convert("half", "[1]")).containsExactly(1.0);
    assertThat(convert("half", "[0.1]")).containsExactly(0.1);
    assertThat(convert("single", "[0.1]")).containsExactly(0.1f);
    assertRejected("half", "['1.5']", "argument 1 (d) of calc.half must be a number, got \"1.5\"");
  }

  @Test
  void nonFiniteStringsAreNotNumbers() {
    assertRejected("half", "['NaN']", "argument 1 (d) of calc.half must be a number, got \"NaN\"");
    assertRejected("half", "['Infinity']",
        "argument 1 (d) of calc.half must be a number, got \"Infinity\"");
    assertRejected("single", "['-Infinity']",
        "argument 1 (f) of calc.single must be a number, got \"-Infinity\"");
  }

  @Test
  void aBigDecimalKeepsItsExactValueAndScale() throws Exception {
    JsonNode args = Json.mapper().createArrayNode()
        .add(DecimalNode.valueOf(new BigDecimal("12345678901234567890.50")));
    Object[] converted = CALC.action("dec").convertArgs(args);
    assertThat(converted[0]).isEqualTo(new BigDecimal("12345678901234567890.50"));
    assertThat(((BigDecimal) converted[0]).scale()).isEqualTo(2);
    assertRejected("dec", "['1']", "argument 1 (d) of calc.dec must be a number, got \"1\"");
  }

  @Test
  void anOptionalIsEmptyForNullAndStrictAboutItsContent() throws Exception {
    assertThat(convert("maybe", "[null]")).containsExactly(Optional.empty());
    assertThat(convert("maybe", "[5]")).containsExactly(Optional.of(5));
    assertRejected("maybe", "['5']", "argument 1 (n) of calc.maybe must be an integer, got \"5\"");
  }

  @Test
  void anOptionalOfAListOrARecordIsConvertedStrictly() throws Exception {
    assertThat(convert("total", "[[1,2]]")).containsExactly(Optional.of(List.of(1, 2)));
    assertThat(convert("sku", "[{'sku':'a','qty':1}]")).containsExactly(Optional.of(new Item("a", 1)));
    assertThat(convert("sku", "[null]")).containsExactly(Optional.empty());
    assertThatThrownBy(() -> convert("sku", "[{'sku':'a','qty':1,'x':0}]"))
        .isInstanceOf(ArgumentsException.class);
  }

  @Test
  void anOptionalIsDescribedByItsContentInMessages() {
    assertRejected("total", "[['a']]",
        "argument 1 (xs) of calc.total must be an array of integer, got [\"a\"]");
    assertRejected("sku", "[5]", "argument 1 (item) of calc.sku must be an object (Item), got 5");
  }

  @Test
  void aListIsConvertedElementByElement() throws Exception {
    assertThat(convert("list", "[[1,2,3]]")).containsExactly(List.of(1, 2, 3));
    assertRejected("list", "[['a']]",
        "argument 1 (xs) of calc.list must be an array of integer, got [\"a\"]");
    assertRejected("list", "[[1.5]]",
        "argument 1 (xs) of calc.list must be an array of integer, got [1.5]");
    assertRejected("list", "[1]", "argument 1 (xs) of calc.list must be an array of integer, got 1");
  }

  @Test
  void aRecordRejectsUnknownPropertiesAndWrongComponentTypes() throws Exception {
    assertThat(convert("item", "[{'sku':'a','qty':2}]")).containsExactly(new Item("a", 2));
    assertRejected("item", "[{'sku':'a','qty':2,'color':'red'}]",
        "argument 1 (item) of calc.item must be an object (Item),"
            + " got {\"sku\":\"a\",\"qty\":2,\"color\":\"red\"}");
    assertRejected("item", "[{'sku':'a','qty':'2'}]",
        "argument 1 (item) of calc.item must be an object (Item), got {\"sku\":\"a\",\"qty\":\"2\"}");
    assertRejected("item", "[{'sku':'a'}]",
        "argument 1 (item) of calc.item must be an object (Item), got {\"sku\":\"a\"}");
    assertRejected("item", "[[1]]", "argument 1 (item) of calc.item must be an object (Item), got [1]");
  }

  @Test
  void anEnumIsItsExactConstantName() throws Exception {
    assertThat(convert("size", "['M']")).containsExactly(Size.M);
    assertRejected("size", "['XL']", "argument 1 (s) of calc.size must be a string, got \"XL\"");
    assertRejected("size", "['m']", "argument 1 (s) of calc.size must be a string, got \"m\"");
    assertRejected("size", "['1']", "argument 1 (s) of calc.size must be a string, got \"1\"");
  }

  @Test
  void anEnumIsNotAnOrdinal() {
    assertRejected("size", "[1]", "argument 1 (s) of calc.size must be a string, got 1");
  }

  @Test
  void anInstantIsAnIsoString() throws Exception {
    assertThat(convert("at", "['2024-05-01T10:00:00.250Z']"))
        .containsExactly(Instant.parse("2024-05-01T10:00:00.250Z"));
    assertRejected("at", "['yesterday']", "argument 1 (t) of calc.at must be a string, got \"yesterday\"");
  }

  @Test
  void anInstantIsNotANumber() {
    assertRejected("at", "[1700000000]", "argument 1 (t) of calc.at must be a string, got 1700000000");
  }

  @Test
  void aFractionOutOfRangeIsRejected() {
    // the engine reads arguments with exact decimals, so 1e400 arrives as a DecimalNode
    JsonNode args = Json.mapper().createArrayNode().add(DecimalNode.valueOf(new BigDecimal("1e400")));
    assertThatThrownBy(() -> CALC.action("half").convertArgs(args))
        .isInstanceOf(ArgumentsException.class)
        .hasMessage("argument 1 (d) of calc.half must be a number, got 1E+400");
  }

  @Test
  void anObjectParameterTakesAnyJsonValue() throws Exception {
    assertThat(convert("any", "[{'a':[1,'x']}]")[0]).isEqualTo(
        java.util.Map.of("a", List.of(1, "x")));
  }

  @Test
  void aLongOffendingValueIsAbbreviatedInTheMessage() {
    String text = "x".repeat(100);
    String arg = "{\"text\":\"" + text + "\"}";
    assertRejected("echo", "[" + arg.replace('"', '\'') + "]",
        "argument 1 (s) of calc.echo must be a string, got " + arg.substring(0, 57) + "...");
  }

  @Test
  void invokeCallsTheMethodAndLetsItsExceptionsThrough() throws Throwable {
    ActorBase<?> instance = CALC.newInstance();
    ActionMethod add = CALC.action("add");
    assertThat(add.invoke(instance, add.convertArgs(json("[40,2]")))).isEqualTo(42L);
    assertThat(CALC.action("reset").invoke(instance, new Object[0])).isNull();
    ActionMethod reject = CALC.action("reject");
    assertThatThrownBy(() -> reject.invoke(instance, new Object[] {"too_late"}))
        .isExactlyInstanceOf(UserError.class)
        .hasMessage("rejected")
        .extracting(e -> ((UserError) e).code()).isEqualTo("too_late");
  }

  @Test
  void paramsAndReturnTypeAreExposed() {
    ActionMethod add = CALC.action("add");
    assertThat(add.name()).isEqualTo("add");
    assertThat(add.params()).extracting(ActionMethod.Param::name).containsExactly("a", "b");
    assertThat(add.params()).extracting(p -> p.type().toCanonical()).containsExactly("int", "int");
    assertThat(add.returnType().getRawClass()).isEqualTo(long.class);
    assertThatThrownBy(() -> add.params().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  private static Object[] convert(String action, String args) throws Exception {
    return CALC.action(action).convertArgs(json(args));
  }

  private static void assertRejected(String action, String args, String message) {
    assertThatThrownBy(() -> convert(action, args))
        .isInstanceOf(ArgumentsException.class)
        .hasMessage(message);
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return Json.mapper().readTree(singleQuoted.replace('\'', '"'));
  }
}
