package io.securemessenger.server.host;

import javax.inject.Inject;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.lib.UsersRepositoryImpl;

/** James' users repository over {@link StartTlsLdapUsersDAO}: the directory on {@code ldap://} with StartTLS, read-only. */
public final class StartTlsLdapUsersRepository extends UsersRepositoryImpl<StartTlsLdapUsersDAO> {
    @Inject
    public StartTlsLdapUsersRepository(DomainList domainList) {
        super(domainList, new StartTlsLdapUsersDAO());
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        usersDAO.configure(configuration);
        super.configure(configuration);
    }

    /** Connects to the directory; throws when it cannot. */
    public void connect() throws Exception {
        usersDAO.init();
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }
}
