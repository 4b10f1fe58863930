package org.mailplatform.auth.apppassword;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface AppPasswordRepository extends MongoRepository<AppPassword, String> {

    List<AppPassword> findByUserIdOrderByNameAsc(String userId);

    Optional<AppPassword> findByUserIdAndName(String userId, String name);

    Optional<AppPassword> findByUserIdAndSecretDigest(String userId, String secretDigest);

    long countByUserId(String userId);

    void deleteByUserId(String userId);
}
