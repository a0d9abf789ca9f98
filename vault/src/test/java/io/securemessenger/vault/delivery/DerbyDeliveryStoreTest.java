package io.securemessenger.vault.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.vault.store.TestDatabases;
import io.securemessenger.vault.store.VaultDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerbyDeliveryStoreTest extends DeliveryStoreContract {
    @TempDir
    Path dir;

    @Override
    VaultDatabase openDatabase() throws Exception {
        return TestDatabases.derby(dir);
    }

    @Test
    void deliveriesAndMessagesStoredBeforeVersionNineShouldStillBeFoundByTheirAddressesInAnyCase() throws Exception {
        Path db = dir.resolve("version-8");
        javax.sql.DataSource old = TestDatabases.derbyAtVersion(db, "8");
        try (Connection connection = old.getConnection()) {
            try (PreparedStatement message = connection.prepareStatement("INSERT INTO vault_message (id, sender, master_key_id, wrapped_key,"
                + " sealed_at, expires_at, thread_id) VALUES ('msg-v8', 'Dr.Grey@Hospital.Example', 'mk-0001', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'msg-v8')")) {
                message.setBytes(1, new byte[] {1, 2, 3});
                message.executeUpdate();
            }
            try (PreparedStatement delivery = connection.prepareStatement("INSERT INTO vault_delivery (id, message_id, recipient, token_hash, created_at)"
                + " VALUES ('d-v8', 'msg-v8', 'Patient@Outside.Example', 'hash', CURRENT_TIMESTAMP)")) {
                delivery.executeUpdate();
            }
        }

        VaultDatabase upgraded = VaultDatabase.derby(db);
        try {
            DeliveryStore deliveries = new DeliveryStore(upgraded);
            assertThat(deliveries.forRecipient("patient@outside.example")).extracting(Delivery::id).containsExactly("d-v8");
            DeliveryStore.Created created = deliveries.create("msg-v8", "PATIENT@outside.example", java.time.Instant.now());
            assertThat(deliveries.forRecipient(" Patient@OUTSIDE.example ")).extracting(Delivery::id)
                .containsExactlyInAnyOrder("d-v8", created.deliveryId());
            assertThat(new io.securemessenger.vault.store.MessageRecords(upgraded).sentBy("dr.grey@hospital.example", 10))
                .containsExactly("msg-v8");
        } finally {
            upgraded.close();
        }
    }
}
