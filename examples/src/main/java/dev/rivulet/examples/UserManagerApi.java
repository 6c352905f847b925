package dev.rivulet.examples;

import java.util.List;
import java.util.Optional;

/**
 * The user manager's actions as a typed client sees them; {@link UserManager} implements it, so
 * the client's signatures are the actor's:
 *
 * <pre>{@code
 * UserManagerApi users = client.actor("userManager", UserManagerApi.class)
 *     .getOrCreate("default").api();
 * UserManagerApi.User alice = users.createUser("Alice");
 * Optional<UserManagerApi.User> found = users.getUser(alice.userId());
 * }</pre>
 */
public interface UserManagerApi {
  /** A user: its generated id and its name. */
  record User(String userId, String name) {}

  /** Creates a user with a new id; fails with {@code user.invalid_name} for an empty name. */
  User createUser(String name);

  /** The user with this id, or empty (JSON {@code null}) when there is none. */
  Optional<User> getUser(String userId);

  /** Every user, in the order they were created. */
  List<User> listUsers();
}
