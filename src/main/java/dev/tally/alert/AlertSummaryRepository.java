package dev.tally.alert;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface AlertSummaryRepository extends JpaRepository<AlertSummary, String> {

    Page<AlertSummary> findByOwner(String owner, Pageable pageable);
}
