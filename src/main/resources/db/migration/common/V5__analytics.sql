-- Read models of the analytics processors. Each keeps rows keyed by what an event is about, so a
-- redelivered event changes nothing, and the queries add the rows up.

-- hourly-sales: one row per order and kind (PAID: +1 order, +total in the hour it was paid;
-- CANCELLED: -1 order, -total in the hour a paid order was cancelled)
create table hourly_sales_entry (
    order_id   varchar(36)              not null,
    kind       varchar(10)              not null,
    sales_hour timestamp with time zone not null,
    currency   varchar(3)               not null,
    orders     int                      not null,
    revenue    numeric(22, 4)           not null,
    primary key (order_id, kind)
);
create index ix_hourly_sales_entry_hour on hourly_sales_entry (sales_hour, currency);

-- look-to-book: one row per product view (by event id) and per product sold in a paid order
create table product_view (
    event_id   varchar(36)              not null primary key,
    product_id varchar(64)              not null,
    viewed_at  timestamp with time zone not null
);
create index ix_product_view_product on product_view (product_id);

create table product_sale (
    order_id   varchar(36) not null,
    product_id varchar(64) not null,
    units      int         not null,
    primary key (order_id, product_id)
);

-- abandoned-carts: the carts that are abandoned now
create table abandoned_cart (
    order_id     varchar(36)              not null primary key,
    abandoned_at timestamp with time zone not null,
    cart_value   numeric(22, 4)           not null,
    currency     varchar(3)               not null
);
