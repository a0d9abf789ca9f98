package io.securemessenger.mailets.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

class NotifierAddressTest {
    private static final String DELIVERY = "q83vEjRWeJq83vEjRWeJqw";

    private final NotifierAddress notifier = new NotifierAddress(addr("secure-messenger@hospital.example"), true);

    private static MailAddress addr(String value) {
        try {
            return new MailAddress(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aBounceAddressShouldNameItsDeliveryEvenWhenAServerChangesItsCase() {
        MailAddress bounceTo = notifier.bounceAddressFor(DELIVERY);

        assertThat(bounceTo.asString()).isEqualTo("secure-messenger+b-abcdef123456789abcdef123456789ab@hospital.example");
        assertThat(notifier.deliveryOf(bounceTo)).contains(DELIVERY);
        assertThat(notifier.deliveryOf(addr(bounceTo.asString().toUpperCase()))).contains(DELIVERY);
    }

    @Test
    void otherAddressesShouldNameNoDelivery() {
        assertThat(notifier.deliveryOf(addr("secure-messenger@hospital.example"))).isEmpty();
        assertThat(notifier.deliveryOf(addr("secure-messenger+b-zz@hospital.example"))).isEmpty();
        assertThat(notifier.deliveryOf(addr("secure-messenger+b-abcdef12@hospital.example"))).isEmpty();
        assertThat(notifier.deliveryOf(addr("someone+b-" + "0".repeat(32) + "@hospital.example"))).isEmpty();
        assertThat(notifier.deliveryOf(addr("secure-messenger+b-" + "0".repeat(32) + "@elsewhere.example"))).isEmpty();
    }

    @Test
    void theBareAddressShouldBeTheNotifiersOnlyWhenConfigured() {
        NotifierAddress postmaster = new NotifierAddress(addr("postmaster@hospital.example"), false);

        assertThat(notifier.matches(addr("Secure-Messenger@hospital.example"))).isTrue();
        assertThat(notifier.matches(addr("secure-messenger+anything@hospital.example"))).isTrue();
        assertThat(notifier.matches(addr("nurse@hospital.example"))).isFalse();
        assertThat(postmaster.matches(addr("postmaster@hospital.example"))).as("the postmaster's own mail").isFalse();
        assertThat(postmaster.matches(postmaster.bounceAddressFor(DELIVERY))).isTrue();
    }
}
