package dev.tally.bench;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The state-based baseline: an account as one row whose balance is updated in place. */
@Entity
@Table(name = "bench_balance")
public class BenchBalance {

    @Id
    private String id;
    @Column(precision = 22, scale = 4)
    private BigDecimal balance;
    private long version;

    protected BenchBalance() {
    }

    public BenchBalance(String id) {
        this.id = id;
        this.balance = BigDecimal.ZERO;
    }

    public String id() {
        return id;
    }

    /** What a deposit does to state: add, and count the change (as an event would). */
    public void deposit(BigDecimal amount) {
        balance = balance.add(amount);
        version++;
    }
}
