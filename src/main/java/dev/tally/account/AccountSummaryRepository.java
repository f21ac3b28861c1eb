package dev.tally.account;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface AccountSummaryRepository extends JpaRepository<AccountSummary, String> {

    Page<AccountSummary> findByOwner(String owner, Pageable pageable);
}
