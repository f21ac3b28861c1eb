-- Axon Framework's storage: event store, snapshots, tracking tokens, sagas and dead letters.
-- Binary columns take the placeholder "binary": bytea on PostgreSQL, never oid large objects (Axon's
-- RDBMS tuning guide; see ByteaPostgreSQLDialect), blob on H2; SchemaMigrations sets it from the database.
-- The shapes are those Axon's JPA entities map to (Hibernate validates them at start-up), with the
-- indexes of Axon's RDBMS tuning guide. Payloads and metadata are JSON bytes (Jackson serializer).

-- One value at a time (see META-INF/orm.xml): the global index follows insert order closely.
create sequence domain_event_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null primary key,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    event_identifier     varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    time_stamp           varchar(255) not null,
    payload              ${binary}     not null,
    meta_data            ${binary},
    -- the event store's guarantee: one event per (aggregate, sequence); a concurrent writer loses
    constraint uk_domain_event_aggregate_sequence unique (aggregate_identifier, sequence_number),
    constraint uk_domain_event_identifier unique (event_identifier)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    time_stamp           varchar(255) not null,
    payload              ${binary}     not null,
    meta_data            ${binary},
    primary key (sequence_number, aggregate_identifier, type),
    constraint uk_snapshot_event_identifier unique (event_identifier)
);
create index ix_snapshot_aggregate on snapshot_event_entry (aggregate_identifier);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          ${binary},
    token_type     varchar(255),
    timestamp      varchar(255) not null,
    owner          varchar(255),
    primary key (segment, processor_name)
);

create sequence association_value_entry_seq start with 1 increment by 50;

create table saga_entry (
    saga_id         varchar(255) not null primary key,
    saga_type       varchar(255),
    revision        varchar(255),
    serialized_saga ${binary}
);

create table association_value_entry (
    id                bigint       not null primary key,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255)
);
create index ix_association_lookup on association_value_entry (saga_type, association_key, association_value);
create index ix_association_saga on association_value_entry (saga_id, saga_type);

create table dead_letter_entry (
    dead_letter_id       varchar(255)             not null primary key,
    processing_group     varchar(255)             not null,
    sequence_identifier  varchar(255)             not null,
    sequence_index       bigint                   not null,
    message_type         varchar(255)             not null,
    event_identifier     varchar(255)             not null,
    time_stamp           varchar(255)             not null,
    payload_type         varchar(255)             not null,
    payload_revision     varchar(255),
    payload              ${binary}                 not null,
    meta_data            ${binary},
    type                 varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                ${binary},
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    cause_type           varchar(255),
    cause_message        varchar(1023),
    diagnostics          ${binary},
    constraint uk_dead_letter_sequence unique (processing_group, sequence_identifier, sequence_index)
);
create index ix_dead_letter_group on dead_letter_entry (processing_group);
create index ix_dead_letter_sequence on dead_letter_entry (processing_group, sequence_identifier);
