-- A replay asked of any node (ReplayCoordination): one row per processor while its replay is under
-- way, so that a second one is refused (409) and every node stops its part of the processor until
-- one node has reset the tokens, then starts it again.
create table processor_replay (
    processor_name varchar(255)             not null primary key,
    state          varchar(20)              not null,
    requested_at   timestamp with time zone not null
);
