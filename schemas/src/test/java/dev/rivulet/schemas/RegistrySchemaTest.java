package dev.rivulet.schemas;

import static dev.rivulet.schemas.ContractSchemas.REGISTRY;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Hand-written examples for registry-record.schema.json: the description of an actor type. */
class RegistrySchemaTest extends SchemaExamplesTest {
  static Stream<Arguments> examples() {
    return Stream.of(
        good(REGISTRY, "a counter", """
            {"name":"counter","javaClass":"dev.rivulet.examples.Counter",
             "state":{"type":"object","javaType":"dev.rivulet.examples.Counter$State",
                      "properties":{"count":{"type":"integer","javaType":"long"}}},
             "actions":[
               {"name":"getCount","readOnly":true,"args":[],
                "returns":{"type":"integer","javaType":"long"}},
               {"name":"increment","readOnly":false,
                "args":[{"name":"amount","type":"integer","javaType":"long"}],
                "returns":{"type":"integer","javaType":"long"}}]}"""),
        good(REGISTRY, "an input, an enum, a list and an any", """
            {"name":"game","javaClass":"x.Game","state":{"javaType":"Object"},
             "input":{"type":"string","javaType":"x.Game$Mode","enum":["FAST","SLOW"]},
             "actions":[{"name":"play","readOnly":false,
               "args":[{"name":"moves","type":"array","javaType":"java.util.List<Integer>",
                        "items":{"type":"integer","javaType":"Integer"}}],
               "returns":{"type":"null","javaType":"void"}}]}"""),
        good(REGISTRY, "an internal continuation", """
            {"name":"pinger","javaClass":"x.Pinger","state":{"javaType":"x.Pinger$State"},
             "actions":[{"name":"ponged","readOnly":false,"internal":true,
               "args":[{"name":"result","type":"object","javaType":"dev.rivulet.actor.Result"},
                       {"name":"word","type":"string","javaType":"String"}],
               "returns":{"type":"null","javaType":"void"}}]}"""),
        bad(REGISTRY, "internal false (it is left out instead)", """
            {"name":"pinger","javaClass":"x.Pinger","state":{"javaType":"x.Pinger$State"},
             "actions":[{"name":"ping","readOnly":false,"internal":false,"args":[],
               "returns":{"type":"null","javaType":"void"}}]}"""),
        bad(REGISTRY, "an action without returns", """
            {"name":"counter","javaClass":"C","state":{"javaType":"long"},
             "actions":[{"name":"getCount","readOnly":true,"args":[]}]}"""),
        bad(REGISTRY, "an argument without a name", """
            {"name":"counter","javaClass":"C","state":{"javaType":"long"},
             "actions":[{"name":"increment","readOnly":false,
               "args":[{"type":"integer","javaType":"long"}],
               "returns":{"javaType":"long"}}]}"""),
        bad(REGISTRY, "a type kind that is not JSON's", """
            {"name":"counter","javaClass":"C","state":{"type":"any","javaType":"Object"},
             "actions":[]}"""),
        bad(REGISTRY, "a name on a type that is not an argument", """
            {"name":"counter","javaClass":"C","state":{"name":"s","javaType":"long"},
             "actions":[]}"""),
        bad(REGISTRY, "no javaType", """
            {"name":"counter","javaClass":"C","state":{"type":"integer"},"actions":[]}"""),
        good(REGISTRY, "a nested action name", """
            {"name":"calc","javaClass":"x.Calc","state":{"javaType":"long"},
             "actions":[{"name":"calculator.add","readOnly":false,
               "args":[{"name":"amount","type":"integer","javaType":"long"}],
               "returns":{"type":"integer","javaType":"long"}}]}"""),
        bad(REGISTRY, "an action name with two dots in a row", """
            {"name":"calc","javaClass":"x.Calc","state":{"javaType":"long"},
             "actions":[{"name":"calculator..add","readOnly":false,"args":[],
               "returns":{"javaType":"long"}}]}"""),
        bad(REGISTRY, "an action name ending in a dot", """
            {"name":"calc","javaClass":"x.Calc","state":{"javaType":"long"},
             "actions":[{"name":"calculator.","readOnly":false,"args":[],
               "returns":{"javaType":"long"}}]}"""));
  }
}
