package io.securemessenger.server.host;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/** Users from an LDAP directory over {@code ldap://} with StartTLS ({@link StartTlsLdapUsersRepository}). */
public final class StartTlsLdapUsersModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(StartTlsLdapUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(StartTlsLdapUsersRepository.class);
    }

    @ProvidesIntoSet
    InitializationOperation connect(ConfigurationProvider configuration, StartTlsLdapUsersRepository users) {
        return InitilizationOperationBuilder.forClass(StartTlsLdapUsersRepository.class)
            .init(() -> {
                HierarchicalConfiguration<ImmutableNode> file = configuration.getConfiguration("usersrepository");
                users.configure(file);
                DirectoryConnection.connectOrRetry(file.getString("[@ldapHost]"), users::connect);
            });
    }
}
