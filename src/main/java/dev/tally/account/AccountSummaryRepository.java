package dev.tally.account;

import java.time.Instant;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccountSummaryRepository extends JpaRepository<AccountSummary, String> {

    Page<AccountSummary> findByOwner(String owner, Pageable pageable);

    /** Only accounts opened before: on a replay, a later account of the same customer keeps its name. */
    @Modifying
    @Query("update AccountSummary s set s.holderName = :name where s.owner = :owner and s.openedAt <= :until")
    int renameHolder(@Param("owner") String owner, @Param("name") String name, @Param("until") Instant until);
}
