-- 004-hook-claims.sql: claims on hook deliveries (SPEC §4, issue 11).
--
-- `check --exec` claims an event, in a short write transaction of its
-- own, before it starts the event's hook: until a real-clock instant (the
-- hook timeout plus a margin), in milliseconds since the epoch. Other runs
-- skip an event whose claim holds, so overlapping runs deliver it once. A
-- run that dies while its hook runs leaves its claim behind, and the first
-- run after the claim has expired delivers the event again: delivery stays
-- at least once. A delivered event (hook = 1) is never claimed again.
--
-- Both columns are hook state, like `hook`: the append-only trigger on
-- event guards case_id, at, kind and detail, and lets these change.
ALTER TABLE event ADD COLUMN claimed_until INTEGER; -- NULL: not claimed
ALTER TABLE event ADD COLUMN claimed_by TEXT;       -- the claiming run
