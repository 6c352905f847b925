package dev.rivulet.server;

import dev.rivulet.server.testing.HttpProbe;
import dev.rivulet.server.testing.TestStack;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link StoreReadsIT} with transactional state stores ({@code --transactional-stores true}): a
 * store read right after an answered write must see it there too, although the write is not
 * committed yet (the reply leaves only after the stores are written, and a store's reads see its
 * own open transaction).
 */
class StoreReadsTransactionalIT extends StoreReadsIT {
  @BeforeAll
  static void start() {
    server = TestStack.start(List.of(Shelf.class, Memo.class),
        c -> c.engine(e -> e.transactionalStores(true)));
    http = new HttpProbe(server.url());
  }
}
