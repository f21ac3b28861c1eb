package dev.tally.payment;

import org.springframework.data.jpa.repository.JpaRepository;

interface PaymentSummaryRepository extends JpaRepository<PaymentSummary, String> {
}
