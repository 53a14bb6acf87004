print("attentive-sync")
