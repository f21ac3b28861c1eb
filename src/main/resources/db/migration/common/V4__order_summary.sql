-- Read model of the order-summary processor: one row per order, its lines in a child table.
create table order_summary (
    order_id   varchar(36)    not null primary key,
    owner      varchar(100)   not null,
    status     varchar(20)    not null,
    currency   varchar(3)     not null,
    total      numeric(22, 4) not null,
    account_id varchar(36),
    payment_id varchar(100),
    version    bigint         not null
);

create table order_summary_line (
    order_id   varchar(36)    not null references order_summary (order_id) on delete cascade,
    line_no    int            not null,
    product_id varchar(64)    not null,
    quantity   int            not null,
    unit_price numeric(22, 4) not null,
    primary key (order_id, line_no)
);
