package io.securemessenger.wiring.portal;

import io.securemessenger.portal.InternalDirectory;
import javax.inject.Inject;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;

/**
 * The portal's view of the organisation's users: James' users repository (its own store, or LDAP
 * when James is configured so). Senders sign in to the portal with their James password; the
 * directory's officers' group, when {@code officers.group} names one, makes officers ({@link OfficerGroup}).
 */
public class JamesDirectory implements InternalDirectory {
    private final UsersRepository users;
    private final OfficerGroup officers;

    @Inject
    public JamesDirectory(UsersRepository users, OfficerGroup officers) {
        this.users = users;
        this.officers = officers;
    }

    @Override
    public boolean isInternal(String address) throws Exception {
        return users.contains(Username.of(address));
    }

    @Override
    public boolean isOfficer(String address) throws Exception {
        return officers.contains(address);
    }

    @Override
    public boolean authenticate(String address, char[] password) throws Exception {
        return users.test(Username.of(address), new String(password));
    }
}
