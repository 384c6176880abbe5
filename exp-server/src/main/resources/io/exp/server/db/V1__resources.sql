-- Resource documents of every kind, by organization. seq keeps insertion order for finds without sort.
CREATE TABLE exp_resource (
    organization VARCHAR(200) NOT NULL,
    kind         VARCHAR(50)  NOT NULL,
    id           VARCHAR(500) NOT NULL,
    seq          BIGSERIAL    NOT NULL,
    document     JSONB        NOT NULL,
    PRIMARY KEY (organization, kind, id)
);

CREATE INDEX exp_resource_kind_seq ON exp_resource (organization, kind, seq);
