# Guidance needs the knowledge store: the built-in sample (data/crm/) or an operator's database.
target_link_libraries(composure PRIVATE composure_store)
