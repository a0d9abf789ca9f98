package io.securemessenger.server.host;

import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/** James' users on JPA, configured from {@code usersrepository.xml}: what runs when no LDAP directory is set. */
public final class JpaUsersModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JPAUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(JPAUsersRepository.class);
    }

    @ProvidesIntoSet
    InitializationOperation users(ConfigurationProvider configuration, JPAUsersRepository users) {
        return InitilizationOperationBuilder.forClass(JPAUsersRepository.class)
            .init(() -> users.configure(configuration.getConfiguration("usersrepository")));
    }
}
