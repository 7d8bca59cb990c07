;;; glossary-ls.el --- glossary-ls for Markdown glossaries through eglot  -*- lexical-binding: t -*-

;; Registers the glossary-ls language server with eglot for `markdown-mode' and `gfm-mode'.
;; Usage:  (require 'glossary-ls)  then  M-x eglot  (or `eglot-ensure' in markdown-mode-hook).

;;; Code:

(require 'eglot)

(defgroup glossary-ls nil
  "The glossary-ls language server."
  :group 'eglot)

(defcustom glossary-ls-command '("glossary-ls" "--stdio")
  "The command that starts glossary-ls, as a list of strings."
  :type '(repeat string))

(defcustom glossary-ls-settings nil
  "The `glossary' settings sent to the server (a plist, e.g. (:debounce 0)).
They override .glossary.yaml key by key: :severity, :highlights, :debounce, ..."
  :type 'plist)

(defclass glossary-ls-server (eglot-lsp-server) ()
  :documentation "glossary-ls, with its settings as initializationOptions.")

(cl-defmethod eglot-initialization-options ((_server glossary-ls-server))
  "Send `glossary-ls-settings' when the server starts."
  (or glossary-ls-settings eglot--{}))

(defun glossary-ls--contact (&optional _interactive)
  "The eglot contact for glossary-ls."
  (cons 'glossary-ls-server glossary-ls-command))

(add-to-list 'eglot-server-programs
             '((markdown-mode gfm-mode) . glossary-ls--contact))

(provide 'glossary-ls)
;;; glossary-ls.el ends here
