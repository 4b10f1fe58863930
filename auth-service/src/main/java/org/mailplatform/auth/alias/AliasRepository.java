package org.mailplatform.auth.alias;

import java.util.List;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface AliasRepository extends MongoRepository<Alias, String> {

    List<Alias> findByDomainOrderByIdAsc(String domain);

    List<Alias> findByTenantIdOrderByIdAsc(String tenantId);

    long countByDomain(String domain);
}
