package io.exp.server.store;

class InMemoryResourceStoreTests extends ResourceStoreContractTests {

	@Override
	protected ResourceStore createStore() {
		return new InMemoryResourceStore();
	}

}
