-- The alerts processor's windows (AccountWindow): one row per rule and account, with the events
-- still in its window; written in the processor's transaction, so they commit with its token.
create table alert_window (
    window_id       varchar(80)              not null primary key,
    rule            varchar(40)              not null,
    account_id      varchar(36)              not null,
    latest_event_at timestamp(6) with time zone,
    in_excess       boolean                  not null
);
create table alert_window_entry (
    window_id varchar(80)              not null references alert_window (window_id),
    event_id  varchar(36)              not null,
    event_at  timestamp(6) with time zone not null,
    amount    numeric(22, 4)           not null,
    primary key (window_id, event_id)
);
-- Read model of the alert-summary processor: one row per alert.
create table alert_summary (
    alert_id     varchar(36)              not null primary key,
    rule         varchar(40)              not null,
    account_id   varchar(36)              not null,
    owner        varchar(100)             not null,
    detected_at  timestamp(6) with time zone not null,
    window_start timestamp(6) with time zone not null,
    window_end   timestamp(6) with time zone not null,
    alert_value  numeric(22, 4)           not null,
    threshold    numeric(22, 4)           not null,
    currency     varchar(3),
    version      bigint                   not null
);
create index alert_summary_owner on alert_summary (owner, detected_at);
