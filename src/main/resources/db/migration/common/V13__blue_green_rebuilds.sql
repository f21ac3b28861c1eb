-- A replay of a read model that is rebuilt beside the old one (blue/green, ReplayCoordination):
-- the head of the store when it was asked for (how far the rebuild must come, for its progress),
-- and when a node last worked on it (a replay nobody works on for a while was abandoned).
alter table processor_replay add column target_position bigint;
alter table processor_replay add column updated_at timestamp with time zone;
-- when the rebuild had caught up and the read model's processor was stopped for the swap (a rebuild
-- that does not get past it in time is given up, rather than leave the processor stopped)
alter table processor_replay add column switched_at timestamp with time zone;
