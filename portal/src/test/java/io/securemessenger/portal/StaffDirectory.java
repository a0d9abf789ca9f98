package io.securemessenger.portal;

import java.util.Map;

/** The organisation's users of a test and their (directory) passwords, as James' users repository would answer. */
final class StaffDirectory implements InternalDirectory {
    private final Map<String, String> passwords;

    StaffDirectory(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    @Override
    public boolean isInternal(String address) {
        return passwords.containsKey(address);
    }

    @Override
    public boolean authenticate(String address, char[] password) {
        return new String(password).equals(passwords.get(address));
    }
}
