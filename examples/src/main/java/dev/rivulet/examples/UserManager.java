package dev.rivulet.examples;

import dev.rivulet.actor.Action;
import dev.rivulet.actor.Actor;
import dev.rivulet.actor.ActorBase;
import dev.rivulet.actor.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * A per-tenant user store with typed results: {@code createUser} returns a {@link
 * UserManagerApi.User} record, {@code getUser} an {@link Optional}. User ids are random UUIDs
 * drawn from {@code context().random()}, so replaying the actor's journal gives every user the
 * same id again.
 */
@Actor("userManager")
public class UserManager extends ActorBase<UserManager.State> implements UserManagerApi {
  /** The longest name, in characters. */
  public static final int MAX_NAME = 200;

  /** The persistent state: users by id, in the order they were created. */
  public record State(Map<String, User> users) {}

  @Override
  protected State initialState() {
    return new State(Map.of());
  }

  @Action
  @Override
  public User createUser(String name) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      throw new UserError("invalid_name", "a name is 1 to " + MAX_NAME + " characters");
    }
    User user = new User(newUserId(context().random()), name);
    Map<String, User> users = new LinkedHashMap<>(state().users());
    users.put(user.userId(), user);
    setState(new State(users));
    return user;
  }

  @Action(readOnly = true)
  @Override
  public Optional<User> getUser(String userId) {
    return Optional.ofNullable(state().users().get(userId));
  }

  @Action(readOnly = true)
  @Override
  public List<User> listUsers() {
    return List.copyOf(state().users().values());
  }

  /** A version 4 UUID from {@code random}: what {@code crypto.randomUUID()} gives, replayably. */
  static String newUserId(RandomGenerator random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }
}
