package dev.rivulet.engine;

import dev.rivulet.records.ActorId;
import dev.rivulet.records.InboxRecord;
import dev.rivulet.records.RecordCodec;

/**
 * Keys of the {@code schedules} store: {@code <due ms, 16 digits>/<actor id>/<schedule id>}, so
 * that a range scan from the start up to now finds exactly the due ones, earliest first. The value
 * is the {@link InboxRecord.Fire} record to send when it is due.
 */
final class ScheduleIndex {
  /** Before every key. */
  static final String FIRST = KeyDigits.of(0) + "/";

  private ScheduleIndex() {}

  static String key(long due, ActorId actor, String scheduleId) {
    return KeyDigits.of(Math.max(0, due)) + "/" + actor + "/" + scheduleId;
  }

  /** The first key after every schedule due at or before {@code now}. */
  static String upTo(long now) {
    return KeyDigits.of(Math.max(0, now) + 1) + "/";
  }

  static byte[] value(InboxRecord.Fire fire) {
    return RecordCodec.encode(fire);
  }
}
