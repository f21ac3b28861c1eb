-- Read model of the account-summary processor: one row per account, as of its latest event.
create table account_summary (
    account_id      varchar(36)                 not null primary key,
    owner           varchar(100)                not null,
    holder_name     varchar(200)                not null,
    currency        varchar(3)                  not null,
    balance         numeric(22, 4)              not null,
    overdraft_limit numeric(22, 4)              not null,
    status          varchar(10)                 not null,
    version         bigint                      not null,
    opened_at       timestamp(6) with time zone not null
);
create index ix_account_summary_owner on account_summary (owner, opened_at);
