-- Webhooks (dev.tally.webhook): who registered which URL for which event types, and the outbox of
-- deliveries. A webhook is configuration, not a business fact, so it is a plain table, not an
-- aggregate. owner_subject is the caller's pseudonymous subject, never a login; sees_all is set for an
-- admin's webhook (it receives everyone's events). The secret signs the deliveries (Tally-Signature).
create table webhook (
    webhook_id    varchar(36)              not null primary key,
    owner_subject varchar(255)             not null,
    sees_all      boolean                  not null,
    url           varchar(2048)            not null,
    secret        varchar(100)             not null,
    created_at    timestamp with time zone not null
);

create index webhook_by_owner on webhook (owner_subject, created_at);

create table webhook_event_type (
    webhook_id varchar(36)  not null,
    event_type varchar(100) not null,
    primary key (webhook_id, event_type)
);

create index webhook_event_type_by_type on webhook_event_type (event_type);

-- One row per webhook and event, whatever replays or redeliveries of the webhook-outbox processor
-- bring: the primary key is what makes "a replay never delivers again what was delivered" hold.
-- The payload is kept as the event store serializes it (personal data sealed), and turned into the
-- delivery's JSON only when it is sent.
create table webhook_delivery (
    webhook_id       varchar(36)              not null,
    event_id         varchar(255)             not null,
    event_type       varchar(100)             not null,
    aggregate_id     varchar(255),
    sequence_number  bigint,
    occurred_at      timestamp with time zone not null,
    payload_type     varchar(255)             not null,
    payload_revision varchar(255),
    payload          ${binary}                not null,
    status           varchar(20)              not null,
    attempts         int                      not null,
    recorded_at      timestamp with time zone not null,
    next_attempt_at  timestamp with time zone not null,
    give_up_at       timestamp with time zone not null,
    last_attempt_at  timestamp with time zone,
    response_status  int,
    primary key (webhook_id, event_id)
);

-- the worker's look for what is due, and for an earlier delivery of the same aggregate still pending
create index webhook_delivery_due on webhook_delivery (status, next_attempt_at);
create index webhook_delivery_by_aggregate on webhook_delivery (webhook_id, aggregate_id, sequence_number);
create index webhook_delivery_newest on webhook_delivery (webhook_id, recorded_at);
