package dev.tally.order;

import org.springframework.data.jpa.repository.JpaRepository;

interface OrderSummaryRepository extends JpaRepository<OrderSummary, String> {
}
