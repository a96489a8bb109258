// Command http-api serves an API Gateway HTTP API with a standard net/http
// mux, through evplugin's bridge: routes, path values, headers, cookies and
// bodies as net/http's server gives them, and the decoded event (here the
// JWT authorizer's claims) in the request's context.
package main

import (
	"encoding/json"
	"net/http"
	"sync"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/sources/apigateway"  // REST and HTTP API events
	_ "github.com/evplugin/evplugin/sources/lambdaurl" // function URLs too
)

// Order is the resource the API serves.
type Order struct {
	ID    string `json:"id"`
	Item  string `json:"item"`
	Owner string `json:"owner,omitempty"`
}

// store is an in-memory stand-in for a database.
type store struct {
	mu     sync.Mutex
	orders map[string]Order
}

func newMux(s *store) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		o, ok := s.orders[r.PathValue("id")]
		s.mu.Unlock()
		if !ok {
			http.Error(w, "no such order", http.StatusNotFound)
			return
		}
		writeJSON(w, http.StatusOK, o)
	})
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		var o Order
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&o); err != nil || o.ID == "" {
			http.Error(w, "an order needs an id", http.StatusBadRequest)
			return
		}
		o.Owner = subject(r)
		s.mu.Lock()
		s.orders[o.ID] = o
		s.mu.Unlock()
		w.Header().Set("Location", "/orders/"+o.ID)
		http.SetCookie(w, &http.Cookie{Name: "last_order", Value: o.ID, Path: "/"})
		writeJSON(w, http.StatusCreated, o)
	})
	return mux
}

// subject is the caller's user name from the JWT authorizer's claims, when
// the event is an HTTP API request that has them.
func subject(r *http.Request) string {
	e, ok := evplugin.RequestEvent[apigateway.HTTPEvent](r)
	if !ok || e.RequestContext.Authorizer == nil || e.RequestContext.Authorizer.JWT == nil {
		return ""
	}
	name, _ := e.RequestContext.Authorizer.JWT.Claims["username"].(string)
	return name
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func main() {
	lambda.Start(evplugin.HTTPHandler(newMux(&store{orders: map[string]Order{}})))
}
