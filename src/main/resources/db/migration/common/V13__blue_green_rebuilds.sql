-- A replay of a read model that is rebuilt beside the old one (blue/green, ReplayCoordination):
-- the head of the store when it was asked for (how far the rebuild must come, for its progress),
-- and when a node last worked on it (a replay nobody works on for a while was abandoned).
alter table processor_replay add column target_position bigint;
alter table processor_replay add column updated_at timestamp with time zone;
