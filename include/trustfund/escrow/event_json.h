// The "events" member of the JSON of a disbursement order (order_to_json) and of a repair project
// (repairfund's project JSON): the steps of its history, each as an object of at, actor, event and
// detail, in the order given (oldest first as both load them). One writer, so the two read alike.
//
// Thread-safety: a pure function of its argument.
#pragma once

#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace trustfund::escrow {

// `Event` is escrow::OrderEvent or repairfund::ProjectEvent: strings at, actor, event, detail.
template <class Event>
Poco::JSON::Array::Ptr events_to_json(const std::vector<Event>& events) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const Event& e : events) {
    Poco::JSON::Object::Ptr j = new Poco::JSON::Object;
    j->set("at", e.at);
    j->set("actor", e.actor);
    j->set("event", e.event);
    j->set("detail", e.detail);
    out->add(j);
  }
  return out;
}

}  // namespace trustfund::escrow
