package dev.tally.alert;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface AccountWindowRepository extends JpaRepository<AccountWindow, String> {

    /** The windows' entries, which a bulk delete of the windows leaves behind (an element collection). */
    @Modifying
    @Query(value = "delete from alert_window_entry", nativeQuery = true)
    void deleteAllEntries();
}
