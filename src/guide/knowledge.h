// What guidance needs to know from outside the call: the customer, their orders and history, and
// the company's policy limits. The pure pipeline sees only this interface; src/store implements it
// over SQLite (data/crm/ holds the sample data).
//
//   const KnowledgeBase& kb = ...;                     // shared, read-only during a call
//   if (auto order = kb.order("418203")) show(order->status, order->eta);
//   for (const PolicyLimit& l : kb.limits_for("late_delivery")) ...   // what the agent may offer
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace composure {

struct Customer {
  std::string id;    // "C1007"
  std::string name;  // "Dana Price"
  std::string phone;
  std::string email;
  std::string postcode;
  int customer_since = 0;      // year
  std::string tier;            // "standard", "gold"
  std::string account_number;  // eight digits, as a caller reads it out: "72491308"
};

struct Order {
  std::string id;  // six digits: "418203"
  std::string customer_id;
  std::string product;   // "Oak writing desk"
  double amount = 0;     // order total, in the currency below
  std::string currency;  // "GBP"
  std::string placed;    // ISO date
  std::string
      status;  // "processing", "shipped", "delayed", "lost", "delivered", "damaged", "returned"
  std::string carrier;
  std::string eta;   // ISO date, or empty when unknown
  std::string note;  // what the carrier or warehouse last said
};

struct PastContact {
  std::string date;
  std::string channel;  // "phone", "chat", "email"
  std::string summary;
  std::string outcome;
};

struct Complaint {
  std::string date;
  std::string subject;
  std::string status;  // "open", "resolved"
};

// One thing an agent may offer, up to a limit, and who must approve more.
struct PolicyLimit {
  std::string remedy;     // "refund", "replacement", "credit", "expedited_shipping", "fee_waiver"
  std::string situation;  // "late_delivery", "lost", "damaged", "billing_error", "any"
  double max_amount = 0;  // the agent's own authority; 0 means no amount applies
  std::string approver;   // who may go beyond it: "team_leader", "supervisor"
  std::string wording;    // how to offer it to a caller: "a full refund today"
};

struct Policy {
  std::string id;     // "late_delivery"
  std::string title;  // "Late and lost deliveries"
  std::string summary;
};

class KnowledgeBase {
 public:
  virtual ~KnowledgeBase() = default;
  virtual std::optional<Customer> customer(std::string_view id) const = 0;
  // By full name, case-insensitive ("dana price"), or by account number digits.
  virtual std::optional<Customer> customer_by_name(std::string_view name) const = 0;
  virtual std::optional<Customer> customer_by_account(std::string_view digits) const = 0;
  virtual std::optional<Order> order(std::string_view id) const = 0;
  virtual std::vector<Order> orders_of(std::string_view customer_id) const = 0;
  virtual std::vector<PastContact> contacts_of(std::string_view customer_id) const = 0;
  virtual std::vector<Complaint> complaints_of(std::string_view customer_id) const = 0;
  virtual std::optional<Policy> policy(std::string_view id) const = 0;
  // The remedies allowed in a situation (and those for "any"), most generous first.
  virtual std::vector<PolicyLimit> limits_for(std::string_view situation) const = 0;
};

}  // namespace composure
