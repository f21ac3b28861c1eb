-- Read model of the payment-summary processor: one row per payment, as of its latest event.
create table payment_summary (
    payment_id     varchar(36)    not null primary key,
    payer          varchar(100)   not null,
    account_id     varchar(36)    not null,
    currency       varchar(3)     not null,
    amount         numeric(22, 4) not null,
    refunded       numeric(22, 4) not null,
    status         varchar(20)    not null,
    order_id       varchar(36),
    description    varchar(200),
    failure_reason varchar(500),
    version        bigint         not null
);
