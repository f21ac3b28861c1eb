package dev.tally.bench;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Spring Data JPA over the state-based baseline's table. */
public interface BenchBalances extends JpaRepository<BenchBalance, String> {

    /** Locked for the transaction, as Axon locks an aggregate for the command. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select b from BenchBalance b where b.id = ?1")
    Optional<BenchBalance> findForUpdate(String id);
}
