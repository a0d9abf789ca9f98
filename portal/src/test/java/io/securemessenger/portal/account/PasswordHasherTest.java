package io.securemessenger.portal.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashShouldBeArgon2idWithOwaspParametersAndVerifyOnlyItsPassword() {
        String hash = hasher.hash("plum orchard under snow".toCharArray());

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify("plum orchard under snow".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("plum orchard under snow ".toCharArray(), hash)).isFalse();
        assertThat(hasher.hash("plum orchard under snow".toCharArray())).as("salted").isNotEqualTo(hash);
    }

    @Test
    void malformedOrForeignHashesShouldNeverVerify() {
        for (String bad : new String[] {"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA", "$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=19456,t=2,p=1$!!$!!", "$2a$10$abcdefghijklmnopqrstuv"}) {
            assertThat(hasher.verify("anything at all".toCharArray(), bad)).as(bad).isFalse();
        }
    }

    @Test
    void thePolicyShouldAskForLengthNotCompositionAndRefuseTheObvious() {
        assertThat(PasswordPolicy.problem("plum orchard under snow", "plum orchard under snow", "pat@outside.example")).isEmpty();
        assertThat(PasswordPolicy.problem("alllowercaseletters", "alllowercaseletters", "pat@outside.example")).as("no composition rules").isEmpty();
        assertThat(PasswordPolicy.problem("short", "short", "pat@outside.example")).isPresent();
        assertThat(PasswordPolicy.problem("Qwerty123456!", "Qwerty123456!", "pat@outside.example")).isPresent();
        assertThat(PasswordPolicy.problem("aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "pat@outside.example")).isPresent();
        assertThat(PasswordPolicy.problem("patsmith-at-home-2026", "patsmith-at-home-2026", "patsmith@outside.example")).isPresent();
        assertThat(PasswordPolicy.hintProblem("the fruit tree in winter", "plum orchard under snow")).isEmpty();
        assertThat(PasswordPolicy.hintProblem("PLUM-orchard under snow", "plum orchard under snow")).isPresent();
        assertThat(PasswordPolicy.hintProblem("  ", "plum orchard under snow")).isPresent();
    }
}
