package io.securemessenger.portal;

/** One resource of the portal (sign-in, registration, messages...): declares its paths, as James' WebAdmin routes do. */
interface Routes {
    void define(Router router);
}
